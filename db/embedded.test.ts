import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { afterAll, expect, test } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { startEmbeddedPostgres } from './embedded.ts';

// Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
const dataDir = join(tmpdir(), `platform-embedded-test-${randomBytes(6).toString('hex')}`);

const projectRoot = fileURLToPath(new URL('..', import.meta.url));

afterAll(() => rm(dataDir, { recursive: true, force: true }));

async function withDatabase(run: (sql: postgres.Sql) => Promise<void>): Promise<void> {
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort() });
  const sql = postgres(database.url, { max: 1, onnotice: () => {} });
  try {
    await run(sql);
  } finally {
    await sql.end();
    await database.stop();
  }
}

test('a second start on the same data directory keeps what the first one wrote', async () => {
  await withDatabase(async (sql) => {
    expect(await sql`select 1 as one, current_database() as name`).toEqual([{ one: 1, name: 'platform' }]);
    await sql`create table kept_across_restarts (note text not null)`;
    await sql`insert into kept_across_restarts values ('written before the restart')`;
  });

  await withDatabase(async (sql) => {
    expect(await sql`select note from kept_across_restarts`).toEqual([{ note: 'written before the restart' }]);
  });
});

test('keeps a failing exit code: loading the embedded server no longer turns it into 0', () => {
  // The test runner reports a failed run through process.exitCode; CI reads it.
  const script = "await import('./db/embedded.ts'); process.exitCode = 3;";
  const run = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: projectRoot });
  expect(run.stderr.toString()).toBe('');
  expect(run.status).toBe(3);
});
