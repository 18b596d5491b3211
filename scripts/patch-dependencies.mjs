/* global console */
// Run by `npm install` / `npm ci` (the root package's postinstall). Plain Node, no dependencies: it
// runs before anything else of ours can.
//
// postgres.js 3.4.9 crashes the whole process when PostgreSQL restarts under load: a small write is
// deferred with setImmediate, the socket closes before it runs (socket = null), and the deferred
// write throws a TypeError no caller can catch (porsager/postgres issues 1066, 1154 and 1208; the
// guard below is close to the ones pull requests 1168 and 1176 propose, but it also fails the waiting
// query, as a closed connection's queries fail, instead of leaving it pending). Its teardown leaves the timer
// handle set, so a reconnected connection never flushes a small write again. Our fault drill
// restarts PostgreSQL and met both: a worker died, and the processes it held waited for a new one.
//
// Remove this file (and the postinstall line) once a postgres release carries the guard: the
// patterns below stop matching and the install says so.
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', 'node_modules', 'postgres');
const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));

const replacements = [
  {
    was: '  function nextWrite(fn) {\n    const x = socket.write(chunk, fn)',
    now: '  function nextWrite(fn) {\n    if (socket === null) { chunk = nextWriteTimer = null; error(Errors.connection("CONNECTION_DESTROYED", options)); query = null; return false } // patched: see scripts/patch-dependencies.mjs\n    const x = socket.write(chunk, fn)',
  },
  {
    was: '    clearImmediate(nextWriteTimer)\n',
    now: '    clearImmediate(nextWriteTimer), chunk = nextWriteTimer = null // patched: see scripts/patch-dependencies.mjs\n',
    count: 2,
  },
];

for (const file of ['src/connection.js', 'cjs/src/connection.js', 'cf/src/connection.js']) {
  const path = join(root, file);
  let text = readFileSync(path, 'utf8');
  if (text.includes('patched: see scripts/patch-dependencies.mjs')) continue;
  for (const { was, now, count = 1 } of replacements) {
    const found = text.split(was).length - 1;
    if (found !== count) {
      throw new Error(
        `postgres ${version}, ${file}: expected ${count} of a patched line, found ${found}. Check whether the release fixed it.`,
      );
    }
    text = text.replaceAll(was, now);
  }
  writeFileSync(path, text);
}
console.log(`postgres ${version}: patched the null-socket write (scripts/patch-dependencies.mjs)`);
