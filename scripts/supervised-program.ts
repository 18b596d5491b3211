import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

// The entry of every program the supervisor starts: `node --import tsx supervised-program.ts
// <script> <args…>` runs <script> as `node <script> <args…>` would, after one guard. The supervisor
// stops its programs itself, but a supervisor killed with SIGKILL cannot: they would live on,
// holding their ports. Each program has an IPC channel to the supervisor that closes when the
// supervisor dies, however it died; the program then stops itself the way SIGTERM stops it.
// (An entry, not a `--import`: worker threads inherit `--import`s, and the worker's threads would load the guard too.)

// How long the program's own SIGTERM handling may take before it is cut short.
const ownShutdownGraceMs = 10_000;

function stopWithParent(): void {
  setTimeout(() => process.exit(1), ownShutdownGraceMs).unref();
  process.kill(process.pid, 'SIGTERM');
}

if (process.channel) {
  // The channel must not keep a program alive that would otherwise exit.
  process.channel.unref();
  process.once('disconnect', stopWithParent);
} else if (process.send) {
  // Started with a channel that is closed already: the supervisor died while this program loaded.
  stopWithParent();
}

const [script, ...args] = process.argv.slice(2);
if (!script) throw new Error('Usage: node --import tsx scripts/supervised-program.ts <script> [args…]');
const scriptPath = resolve(script);
process.argv = [process.argv[0]!, scriptPath, ...args];
await import(pathToFileURL(scriptPath).href);
