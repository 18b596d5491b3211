import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect, inject, test } from 'vitest';

// scripts/patch-dependencies.mjs guards postgres.js against a write on a closed socket. Unpatched,
// the ROLLBACK postgres.js sends itself after a transaction's backend died lands on that socket
// from a setImmediate, and the process exits with an uncaught TypeError. The transaction runs in a
// child process, so that a crash shows as its exit, not as this test runner's.
const probe = `
import postgres from 'postgres';
const url = process.env.PROBE_DATABASE_URL;
const sql = postgres(url, { max: 2, onnotice: () => {} });
const killer = postgres(url, { max: 1 });
let pid = null;
// Its outcome is taken at once: the transaction may fail before the terminate's own answer arrives,
// and a rejection nobody holds yet would end the probe as an unhandled one.
const outcome = sql
  .begin(async (t) => {
    const [row] = await t\`select pg_backend_pid() as pid\`;
    pid = row.pid;
    await t\`select pg_sleep(5)\`;
  })
  .then(() => 'committed', (err) => err.code ?? err.message);
while (pid === null) await new Promise((r) => setTimeout(r, 20));
await killer\`select pg_terminate_backend(\${pid})\`;
const failure = await outcome;
await new Promise((r) => setTimeout(r, 200)); // the deferred write would have run by now
const [{ alive }] = await sql\`select 1 as alive\`; // and the pool still serves a query
console.log(JSON.stringify({ failure, alive }));
await Promise.all([sql.end(), killer.end()]);
`;

test('a transaction whose backend dies mid-query fails with CONNECTION_CLOSED, and the process and its pool live on', async () => {
  const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', probe], {
    cwd: fileURLToPath(new URL('..', import.meta.url)),
    env: { ...process.env, PROBE_DATABASE_URL: inject('databaseUrl') },
    timeout: 20_000,
  });
  expect(JSON.parse(stdout.trim().split('\n').at(-1)!)).toEqual({ failure: expect.stringMatching(/CONNECTION_CLOSED|57P01/), alive: 1 });
});
