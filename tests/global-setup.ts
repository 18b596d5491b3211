import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { freePort, freePortBelowEphemeral } from '../scripts/free-port.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';

/**
 * One PostgreSQL and one Temporal dev server for the whole run (or the ones `DATABASE_URL` and
 * `TEMPORAL_ADDRESS` point at); test files get their addresses with `inject(...)`.
 */
export default async function setup({ provide }: TestProject): Promise<() => Promise<void>> {
  const teardown: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const step of teardown.reverse()) await step();
  };

  const [database, temporal] = await Promise.allSettled([
    process.env.DATABASE_URL || startDatabase(teardown),
    process.env.TEMPORAL_ADDRESS || startTemporal(teardown),
  ]);
  if (database.status === 'rejected' || temporal.status === 'rejected') {
    await stopAll();
    throw database.status === 'rejected' ? database.reason : (temporal as PromiseRejectedResult).reason;
  }
  try {
    await migrateOnce(database.value);
  } catch (err) {
    await stopAll();
    throw err;
  }
  provide('databaseUrl', database.value);
  provide('temporalAddress', temporal.value);
  return stopAll;
}

// Test files run in parallel; the schema is brought up to date once, before any of them.
async function migrateOnce(databaseUrl: string): Promise<void> {
  const { db, close } = createDb(databaseUrl, { max: 1 });
  try {
    await migrateDatabase(db);
  } finally {
    await close();
  }
}

async function startDatabase(teardown: (() => Promise<void>)[]): Promise<string> {
  // Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
  const dataDir = join(tmpdir(), `platform-test-pg-${randomBytes(6).toString('hex')}`);
  teardown.push(() => rm(dataDir, { recursive: true, force: true }));
  // An ephemeral port was once taken by an outgoing connection of the Temporal server starting
  // beside it before PostgreSQL bound it. Another program may still take this one; then a second
  // port is tried.
  const start = async () => startEmbeddedPostgres({ dataDir, port: await freePortBelowEphemeral(), durable: false });
  const database = await start().catch((err: Error) => {
    if (!/Address already in use/.test(err.message)) throw err;
    return start();
  });
  teardown.push(database.stop);
  return database.url;
}

async function startTemporal(teardown: (() => Promise<void>)[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'platform-test-temporal-'));
  teardown.push(() => rm(dir, { recursive: true, force: true }));
  const server = await startTemporalDevServer({
    port: await freePort(),
    headless: true,
    dbFile: join(dir, 'temporal.db'),
  });
  teardown.push(server.stop);
  return server.address;
}
