import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { commandLine, descendantsOf, isRunning, waitFor } from '../tests/processes.ts';
import { supervise, type SupervisedProgram, type Supervisor, type SupervisorOptions } from './supervisor.ts';

// The supervisor on its own, with tiny programs instead of the platform's: `npm start`'s restarts,
// their backoff and its clean stop, without starting PostgreSQL or Temporal.

const root = fileURLToPath(new URL('..', import.meta.url));
const program = 'scripts/supervisor-test-program.ts';
const idle = { script: program, args: ['idle'] };
const fast = { initialMs: 100, maxMs: 400, resetAfterMs: 60_000 };

let running: Supervisor | null = null;
afterEach(async () => {
  await running?.stop();
  running = null;
});

function start(programs: SupervisedProgram[], options: Partial<SupervisorOptions> = {}) {
  const log: string[] = [];
  const supervisor = supervise(programs, { cwd: root, env: process.env, log: (line) => log.push(line), ...options });
  running = supervisor;
  const pidOf = (name: string) => waitFor(`${name} to run`, () => supervisor.pids().get(name));
  return { supervisor, log, pidOf };
}

/** SIGKILLs the program and resolves with its next pid and how long that took to come. */
async function killAndAwaitRestart(pidOf: (name: string) => Promise<number>, name: string) {
  const before = await pidOf(name);
  process.kill(before, 'SIGKILL');
  const killedAt = Date.now();
  const after = await waitFor(`${name} to come back`, async () => {
    const pid = await pidOf(name);
    return pid !== before && pid;
  });
  return { before, after, waitedMs: Date.now() - killedAt };
}

describe('the supervisor', () => {
  it('restarts a program killed with SIGKILL, waiting twice as long each time up to the cap, and logs each restart', async () => {
    const { supervisor, log, pidOf } = start([{ name: 'idle', ...idle }], { backoff: fast });
    const seen = [await pidOf('idle')];
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const { after, waitedMs } = await killAndAwaitRestart(pidOf, 'idle');
      seen.push(after);
      waits.push(waitedMs);
    }

    expect(log.filter((line) => line.includes('exited'))).toEqual([
      'idle exited (SIGKILL); restarting in 0.1 s (restart 1)',
      'idle exited (SIGKILL); restarting in 0.2 s (restart 2)',
      'idle exited (SIGKILL); restarting in 0.4 s (restart 3)',
      'idle exited (SIGKILL); restarting in 0.4 s (restart 4)',
    ]);
    expect(waits.map((ms, i) => ms >= [100, 200, 400, 400][i]!)).toEqual([true, true, true, true]);
    expect(log).toContain(`idle started (pid ${seen.at(-1)})`);

    await supervisor.stop();
    expect(seen.filter(isRunning)).toEqual([]);
    expect(descendantsOf(process.pid).map(commandLine)).toEqual([]);
  });

  it('waits the initial time again once a program has stayed up for the reset time', async () => {
    const { log, pidOf } = start([{ name: 'idle', ...idle }], { backoff: { ...fast, resetAfterMs: 500 } });
    await killAndAwaitRestart(pidOf, 'idle');
    await killAndAwaitRestart(pidOf, 'idle');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await killAndAwaitRestart(pidOf, 'idle');

    expect(log.filter((line) => line.includes('exited')).map((line) => line.split('; ')[1])).toEqual([
      'restarting in 0.1 s (restart 1)',
      'restarting in 0.2 s (restart 2)',
      'restarting in 0.1 s (restart 3)',
    ]);
  });

  it('keeps the other programs running while one is restarted', async () => {
    const { supervisor, pidOf } = start(
      [
        { name: 'worker', ...idle },
        { name: 'api', ...idle },
      ],
      { backoff: fast },
    );
    const api = await pidOf('api');
    await killAndAwaitRestart(pidOf, 'worker');
    expect(supervisor.pids().get('api')).toBe(api);
    expect(isRunning(api)).toBe(true);
  });

  it('stops every program and what it started, SIGKILLing one that ignores SIGTERM after the grace time', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'supervisor-test-'));
    try {
      const pidFile = join(dir, 'grandchild.pid');
      const { supervisor, log, pidOf } = start(
        [
          { name: 'stubborn', script: program, args: ['stubborn', pidFile] },
          { name: 'idle', ...idle },
        ],
        { stopGraceMs: 500 },
      );
      const programs = [await pidOf('stubborn'), await pidOf('idle')];
      const grandchild = await waitFor('the grandchild to start', () => {
        try {
          return Number(readFileSync(pidFile, 'utf8'));
        } catch {
          return null;
        }
      });

      const stoppedAt = Date.now();
      await supervisor.stop();
      const tookMs = Date.now() - stoppedAt;

      expect(log).toContain('stubborn did not stop within 0.5 s; killing it');
      expect(tookMs).toBeGreaterThanOrEqual(500);
      expect([...programs, grandchild].filter(isRunning)).toEqual([]);
      expect(log.filter((line) => line.includes('restarting'))).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  // Once the program runs, the supervisor's death closes its channel; while it still loads, the
  // channel is closed before it can watch it, and it must notice that too.
  it.each([
    ['runs', /test program (\d+) ready/],
    ['is still loading', /idle started \(pid (\d+)\)/],
  ])('does not let a program outlive a supervisor killed with SIGKILL while the program %s', async (_, pidLine) => {
    const supervisorProgram = `
      import { supervise } from ${JSON.stringify(join(root, 'scripts', 'supervisor.ts'))};
      supervise([{ name: 'idle', ...${JSON.stringify(idle)} }], { cwd: process.cwd(), env: process.env, log: console.log });`;
    const supervisorProcess = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', supervisorProgram], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let output = '';
    supervisorProcess.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const pid = Number(await waitFor('the program to start', () => pidLine.exec(output)?.[1]));
    expect(isRunning(pid)).toBe(true);

    supervisorProcess.kill('SIGKILL');
    await waitFor('the orphaned program to exit', () => !isRunning(pid), 5_000);
  });
});
