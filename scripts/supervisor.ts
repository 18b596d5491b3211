import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** A Node.js program the supervisor keeps running, as `node --import tsx <script> <args…>` would run it. */
export interface SupervisedProgram {
  name: string;
  /** A file (not a directory), relative to `cwd`. */
  script: string;
  args?: string[];
}

export interface Backoff {
  /** The wait before the first restart; each further restart waits twice as long as the one before… */
  initialMs: number;
  /** …up to this. */
  maxMs: number;
  /** A program that stayed up this long before it exited is restarted after `initialMs` again. */
  resetAfterMs: number;
}

export interface SupervisorOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  log: (message: string) => void;
  backoff?: Partial<Backoff>;
  /** How long a program may take to stop after SIGTERM before it gets SIGKILL. */
  stopGraceMs?: number;
}

export interface Supervisor {
  /** The pid of each program that is running right now. */
  pids(): Map<string, number>;
  /** Stops every program (SIGTERM, then SIGKILL after the grace time) and restarts none of them. */
  stop(): Promise<void>;
}

export const defaultBackoff: Backoff = { initialMs: 1_000, maxMs: 30_000, resetAfterMs: 60_000 };
const defaultStopGraceMs = 10_000;
const programEntry = fileURLToPath(new URL('./supervised-program.ts', import.meta.url));

/**
 * Starts each program and restarts it whenever it exits, however it exited, with exponential backoff,
 * until `stop()`. A program is its own process group, so `stop()` also reaches anything it started,
 * and Ctrl+C in a terminal reaches only the supervisor, which stops the programs in its own order.
 */
export function supervise(programs: SupervisedProgram[], options: SupervisorOptions): Supervisor {
  const backoff = { ...defaultBackoff, ...options.backoff };
  const stopGraceMs = options.stopGraceMs ?? defaultStopGraceMs;
  let stopping = false;
  const supervised = programs.map((program) => {
    const state = {
      program,
      child: null as ChildProcess | null,
      exited: Promise.resolve(),
      restartTimer: null as NodeJS.Timeout | null,
      restarts: 0,
      // Restarts since the program last stayed up for `resetAfterMs`: the exponent of the next wait.
      failures: 0,
    };

    const start = () => {
      state.restartTimer = null;
      const startedAt = Date.now();
      const child = spawn(process.execPath, ['--import', 'tsx', programEntry, program.script, ...(program.args ?? [])], {
        cwd: options.cwd,
        env: options.env,
        stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
        detached: true,
      });
      state.child = child;
      if (child.pid !== undefined) options.log(`${program.name} started (pid ${child.pid})`);
      state.exited = new Promise((resolve) => {
        let settled = false;
        // A program that cannot be spawned at all reports 'error' and may report no 'exit'.
        const onGone = (reason: string) => {
          if (settled) return;
          settled = true;
          state.child = null;
          // Whatever the program started and left behind goes with it (a port it holds would fail the restart).
          if (child.pid !== undefined) signalGroup(child.pid, 'SIGKILL');
          resolve();
          if (!stopping) scheduleRestart(reason, Date.now() - startedAt);
        };
        child.once('error', (err) => onGone(err.message));
        child.once('exit', (code, signal) => onGone(signal ?? `exit code ${code}`));
      });
    };

    const scheduleRestart = (reason: string, upMs: number) => {
      if (upMs >= backoff.resetAfterMs) state.failures = 0;
      const delayMs = Math.min(backoff.initialMs * 2 ** state.failures, backoff.maxMs);
      state.failures += 1;
      state.restarts += 1;
      options.log(`${program.name} exited (${reason}); restarting in ${delayMs / 1000} s (restart ${state.restarts})`);
      state.restartTimer = setTimeout(start, delayMs);
    };

    const stop = async () => {
      if (state.restartTimer) clearTimeout(state.restartTimer);
      const child = state.child;
      if (!child?.pid) return;
      signalGroup(child.pid, 'SIGTERM');
      const forceKill = setTimeout(() => {
        options.log(`${program.name} did not stop within ${stopGraceMs / 1000} s; killing it`);
        signalGroup(child.pid!, 'SIGKILL');
      }, stopGraceMs);
      await state.exited;
      clearTimeout(forceKill);
    };

    start();
    return { state, stop };
  });

  return {
    pids: () => new Map(supervised.flatMap(({ state }) => (state.child?.pid ? [[state.program.name, state.child.pid] as const] : []))),
    async stop() {
      stopping = true;
      await Promise.all(supervised.map((each) => each.stop()));
    },
  };
}

function signalGroup(pid: number, signal: NodeJS.Signals): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // The group is gone already.
  }
}
