import { execFile, spawn } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Connection } from '@temporalio/client';
import { isPortFree } from '../scripts/free-port.ts';
import { ensureTemporalCli } from './binary.ts';
import { caseSearchAttributes, searchAttributeFlags } from './search-attributes.ts';

export interface TemporalDevServer {
  /** gRPC frontend, `127.0.0.1:<port>`. */
  address: string;
  /** The Web UI, or null when headless. */
  uiUrl: string | null;
  stop(): Promise<void>;
}

export interface TemporalDevServerOptions {
  port: number;
  /** Defaults to `port + 1000`, as the CLI does. */
  uiPort?: number;
  headless?: boolean;
  /**
   * The codec endpoint the Web UI calls to show payloads decrypted (`--ui-codec-endpoint`), e.g.
   * `http://localhost:3000/api/temporal-codec`. The dev server cannot tell its UI to send cookies
   * with it: each operator turns on "Include cross-origin credentials" in the UI (see README).
   */
  uiCodecEndpoint?: string;
  /** SQLite file that keeps workflows across restarts; in memory when absent. */
  dbFile?: string;
  log?: (msg: string) => void;
}

const namespace = 'default';
const startTimeoutMs = 60_000;
const stopGraceMs = 5_000;

/** Runs `temporal server start-dev` and resolves once its frontend answers. */
export async function startTemporalDevServer(opts: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const log = opts.log ?? console.log;
  const cli = await ensureTemporalCli({ log });
  const address = `127.0.0.1:${opts.port}`;
  // Otherwise another server already on the port could answer the readiness check in our server's stead.
  if (!(await isPortFree(opts.port))) throw new Error(`Cannot start the Temporal dev server: ${address} is already in use.`);
  const uiPort = opts.uiPort ?? opts.port + 1000;

  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(opts.port)];
  args.push(...(opts.headless ? ['--headless'] : ['--ui-port', String(uiPort)]));
  if (!opts.headless && opts.uiCodecEndpoint) args.push('--ui-codec-endpoint', opts.uiCodecEndpoint);
  if (opts.dbFile) {
    const dbFile = resolve(opts.dbFile);
    await mkdir(dirname(dbFile), { recursive: true });
    args.push('--db-filename', dbFile);
  }
  args.push('--namespace', namespace, '--log-level', 'warn');
  // What the SDK's own CI uses: much faster SQLite writes, fine for a dev server.
  args.push('--sqlite-pragma', 'journal_mode=WAL', '--sqlite-pragma', 'synchronous=OFF');
  args.push(...searchAttributeFlags());

  const child = spawn(cli, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  const stderr = new OutputTail();
  child.stderr.on('data', (chunk: Buffer) => stderr.push(chunk.toString('utf8')));

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
  // A crashed or interrupted parent must not leave an orphaned server holding the port.
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

  try {
    const deadline = Date.now() + startTimeoutMs;
    for (;;) {
      if (exitReason !== null) {
        throw new Error(`The Temporal dev server exited during start-up (${exitReason}).\n${stderr.text()}`);
      }
      if (Date.now() > deadline) {
        throw new Error(`The Temporal dev server did not answer on ${address} within ${startTimeoutMs / 1000} s.\n${stderr.text()}`);
      }
      if (await answers(address)) break;
      await Promise.race([sleep(250), exited]);
    }
    await registerMissingSearchAttributes(cli, address, log);
  } catch (err) {
    await stop();
    throw err;
  }

  // Under `localhost`, like the app: the session cookie goes along with the Web UI's codec calls
  // only from the same site (SameSite=Lax), and 127.0.0.1 is another site than localhost.
  return { address, uiUrl: opts.headless ? null : `http://localhost:${uiPort}`, stop };
}

async function answers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: '1s' });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

/**
 * `start-dev` registers `--search-attribute`s only when it creates the namespace, so a database
 * file from before an attribute was added would silently lack it. Add whatever is missing.
 */
async function registerMissingSearchAttributes(cli: string, address: string, log: (msg: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  let registered: Set<string>;
  try {
    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    registered = new Set(Object.keys(existing.customAttributes ?? {}));
  } finally {
    await connection.close();
  }
  const missing = caseSearchAttributes.filter((key) => !registered.has(key.name));
  if (missing.length === 0) return;

  // The CLI takes the type names without underscores, case-insensitively (`KEYWORD_LIST` → `KeywordList`).
  const flags = missing.flatMap((key) => ['--name', key.name, '--type', key.type.replace('_', '')]);
  await promisify(execFile)(cli, ['operator', 'search-attribute', 'create', '--address', address, '--namespace', namespace, ...flags]);
  log(`Registered search attributes ${missing.map((key) => key.name).join(', ')} on the existing Temporal database.`);
}

/** The last lines a process wrote, for error messages. */
class OutputTail {
  private lines: string[] = [];
  push(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    this.lines.splice(0, this.lines.length - 30);
  }
  text(): string {
    return this.lines.length > 0 ? `Last lines of its stderr:\n${this.lines.join('\n')}` : '(it wrote nothing to stderr)';
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((done) => setTimeout(done, ms));
}
