import { spawn } from 'node:child_process';

/** A long-running program started for the platform (a Temporal server, its Web UI server). */
export interface ServiceProcess {
  /** Why it exited, or null while it runs. */
  exitReason(): string | null;
  /** Its last lines of output, for error messages. */
  output(): string;
  /** SIGTERM, then SIGKILL after a grace time; resolves once it has exited. */
  stop(): Promise<void>;
  /**
   * Resolves once `ready()` says so; rejects (and stops it) when it exits first or `timeoutMs` runs out.
   * `what` names it in the error.
   */
  waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void>;
}

const stopGraceMs = 5_000;

/**
 * Spawns `command` with its output kept for error messages only, and kills it with the parent, so a
 * crashed or interrupted parent does not leave an orphan holding its ports.
 */
export function spawnService(command: string, args: string[], options: { cwd?: string } = {}): ServiceProcess {
  const child = spawn(command, args, { cwd: options.cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  const tail = new OutputTail();
  child.stdout.on('data', (chunk: Buffer) => tail.push(chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => tail.push(chunk.toString('utf8')));

  let exitReason: string | null = null;
  const exited = new Promise<void>((resolveExit) => {
    child.once('error', (err) => {
      exitReason ??= err.message;
      resolveExit();
    });
    child.once('exit', (code, signal) => {
      exitReason ??= signal ? `signal ${signal}` : `exit code ${code}`;
      resolveExit();
    });
  });
  const killWithParent = () => child.kill('SIGKILL');
  process.once('exit', killWithParent);

  async function stop(): Promise<void> {
    process.off('exit', killWithParent);
    if (exitReason === null) {
      child.kill('SIGTERM');
      const forceKill = setTimeout(() => child.kill('SIGKILL'), stopGraceMs);
      await exited;
      clearTimeout(forceKill);
    }
  }

  async function waitUntil(what: string, ready: () => Promise<boolean>, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      if (exitReason !== null) {
        await stop();
        throw new Error(`${what} exited during start-up (${exitReason}).\n${tail.text()}`);
      }
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`${what} was not ready within ${timeoutMs / 1000} s.\n${tail.text()}`);
      }
      if (await ready()) return;
      await Promise.race([new Promise((done) => setTimeout(done, 250)), exited]);
    }
  }

  return { exitReason: () => exitReason, output: () => tail.text(), stop, waitUntil };
}

/** The last lines a process wrote. */
class OutputTail {
  private lines: string[] = [];
  push(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    this.lines.splice(0, this.lines.length - 30);
  }
  text(): string {
    return this.lines.length > 0 ? `Its last lines of output:\n${this.lines.join('\n')}` : '(it wrote nothing)';
  }
}
