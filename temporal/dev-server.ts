import { mkdir } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { isPortFree } from '../scripts/free-port.ts';
import { ensureTemporalCli } from './binary.ts';
import { frontendAnswers, prepareNamespace } from './namespace.ts';
import { searchAttributeFlags } from './search-attributes.ts';
import { spawnService } from './service-process.ts';

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

  const server = spawnService(cli, args);
  await server.waitUntil('The Temporal dev server', () => frontendAnswers(address), startTimeoutMs);
  try {
    await prepareNamespace(address, namespace, log);
  } catch (err) {
    await server.stop();
    throw err;
  }

  // Under `localhost`, like the app: the session cookie goes along with the Web UI's codec calls
  // only from the same site (SameSite=Lax), and 127.0.0.1 is another site than localhost.
  return { address, uiUrl: opts.headless ? null : `http://localhost:${uiPort}`, stop: server.stop };
}
