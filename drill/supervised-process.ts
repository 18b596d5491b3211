import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const startTimeoutMs = 120_000;
const restartDelayMs = 500;

/**
 * One of the platform's own processes (`node --import tsx <script>`), kept running as a process
 * supervisor would: started again when it exits on its own (a lost database can end it), and
 * killable on purpose with SIGKILL.
 */
export interface SupervisedProcess {
  name: string;
  /** SIGKILL, then a fresh start; resolves once the new one is ready. */
  killAndRestart(): Promise<void>;
  /** Exits nobody asked for, each answered with a restart. */
  unexpectedExits(): number;
  stop(): Promise<void>;
}

export async function superviseProcess(opts: {
  name: string;
  script: string;
  env: NodeJS.ProcessEnv;
  /** A line of its output that says it is ready. */
  readyLine: string;
  log: (msg: string) => void;
  /** Node's own flags before the script (a benchmark's `--cpu-prof`). */
  nodeArgs?: string[];
}): Promise<SupervisedProcess> {
  let child: ChildProcess | null = null;
  let stopping = false;
  let exits = 0;
  let output = '';

  const start = async (): Promise<void> => {
    output = '';
    const started = spawn(process.execPath, [...(opts.nodeArgs ?? []), '--import', 'tsx', opts.script], {
      cwd: root,
      env: { ...process.env, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = started;
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    started.stdout!.on('data', collect);
    started.stderr!.on('data', collect);
    const ready = new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${opts.name} was not ready within ${startTimeoutMs / 1000} s:\n${output}`)),
        startTimeoutMs,
      );
      const watch = () => {
        if (output.includes(opts.readyLine)) {
          clearTimeout(timer);
          started.stdout!.off('data', watch);
          started.stderr!.off('data', watch);
          resolve();
        }
      };
      started.stdout!.on('data', watch);
      started.stderr!.on('data', watch);
      started.once('exit', (code, signal) => {
        clearTimeout(timer);
        reject(new Error(`${opts.name} exited (${signal ?? code}) before it was ready:\n${output}`));
      });
    });
    started.once('exit', (code, signal) => {
      if (stopping || started !== child || signal === 'SIGKILL') return;
      exits++;
      opts.log(`${opts.name} exited on its own (${signal ?? code}); starting it again. Its last output:\n${output.slice(-2_000)}`);
      setTimeout(() => void startUntilReady(), restartDelayMs);
    });
    await ready;
  };

  // A start can fail while the database or Temporal is away; a supervisor keeps trying.
  const startUntilReady = async (): Promise<void> => {
    for (;;) {
      if (stopping) return;
      try {
        return await start();
      } catch (err) {
        if (stopping) return;
        exits++;
        opts.log(`${opts.name} did not start: ${err instanceof Error ? err.message.slice(0, 500) : String(err)}; trying again.`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  };

  const kill = async (): Promise<void> => {
    const running = child;
    if (!running || running.exitCode !== null || running.signalCode !== null) return;
    running.kill('SIGKILL');
    await once(running, 'exit');
  };

  await start();
  return {
    name: opts.name,
    async killAndRestart() {
      await kill();
      await startUntilReady();
    },
    unexpectedExits: () => exits,
    async stop() {
      stopping = true;
      const running = child;
      if (!running || running.exitCode !== null || running.signalCode !== null) return;
      running.kill('SIGTERM');
      const force = setTimeout(() => running.kill('SIGKILL'), 5_000);
      await once(running, 'exit');
      clearTimeout(force);
    },
  };
}
