import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';

// A stand-in for the worker, the API or the UI in scripts/supervisor.test.ts. `idle` runs until it
// is stopped; `stubborn <pid file>` ignores SIGTERM and starts a child of its own, whose pid it writes.

const [mode, pidFile] = process.argv.slice(2);
if (mode === 'stubborn') {
  process.on('SIGTERM', () => {});
  const sleeper = spawn('sleep', ['600'], { stdio: 'ignore' });
  writeFileSync(pidFile!, String(sleeper.pid));
}
console.log(`test program ${process.pid} ready`);
setInterval(() => {}, 1_000);
