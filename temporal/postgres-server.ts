import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePortBelowEphemeral, isPortFree } from '../scripts/free-port.ts';
import { ensureGoProgram, temporalServer, temporalSqlTool, temporalUiServer } from './binary.ts';
import type { TemporalDevServer } from './dev-server.ts';
import { frontendAnswers, prepareNamespace } from './namespace.ts';
import { spawnService, type ServiceProcess } from './service-process.ts';

/** Where Temporal keeps its state; the embedded PostgreSQL runs as an unprivileged user with these. */
export interface PostgresConnection {
  host: string;
  port: number;
  user: string;
  password: string;
}

export interface TemporalPostgresServerOptions {
  postgres: PostgresConnection;
  /** Created when missing; `temporal` and `temporal_visibility` by default. */
  databases?: { main: string; visibility: string };
  /** The gRPC frontend's port, on 127.0.0.1. */
  port: number;
  /** The generated configuration and the ports of the server's inner services; its state lives in PostgreSQL. */
  dir: string;
  /** Runs the Temporal Web UI on this port, showing payloads through the codec endpoint when one is given. */
  ui?: { port: number; codecEndpoint?: string };
  log?: (msg: string) => void;
}

/** The same handle as the dev server's, so callers treat both alike. */
export type TemporalPostgresServer = TemporalDevServer;

const namespace = 'default';
const startTimeoutMs = 90_000;

/**
 * Written into the databases when they are first set up; later the server keeps that count and only
 * warns about a different one here, so changing it needs new databases. 16, not the 4 of the
 * module's `development-postgres12.yaml` (or the dev server's 1): a bare start → activity → complete
 * workflow at 16 concurrent loops ran 5.4/s on 1 shard, 7.0–7.2/s on 4 and 7.1–8.7/s on 16 here (2
 * cores, heavily loaded), and 16 idle shards cost about 1 % of a core more than 4. Many more would
 * mostly add idle queue polling on a single machine.
 */
const numHistoryShards = 16;

/**
 * Runs a real Temporal server (and optionally its Web UI) on PostgreSQL: creates and migrates its two
 * databases, writes its configuration into `dir`, starts it, and registers the namespace `default`
 * and the case search attributes. Every step is a no-op when already done, so a second start on the
 * same databases finds every workflow where the first left it.
 */
export async function startTemporalPostgresServer(opts: TemporalPostgresServerOptions): Promise<TemporalPostgresServer> {
  const log = opts.log ?? console.log;
  const address = `127.0.0.1:${opts.port}`;
  // Otherwise another server already on the port could answer the readiness check in our server's stead.
  if (!(await isPortFree(opts.port))) throw new Error(`Cannot start the Temporal server: ${address} is already in use.`);
  if (opts.ui && !(await isPortFree(opts.ui.port))) {
    throw new Error(`Cannot start the Temporal Web UI: port ${opts.ui.port} is already in use.`);
  }
  const dir = resolve(opts.dir);
  const databases = opts.databases ?? { main: 'temporal', visibility: 'temporal_visibility' };
  // One after another: a missing program is a `go install` that takes both cores.
  const server = await ensureGoProgram(temporalServer, { log });
  const sqlTool = await ensureGoProgram(temporalSqlTool, { log });
  const uiServer = opts.ui ? await ensureGoProgram(temporalUiServer, { log }) : null;

  await Promise.all([
    setUpDatabase(sqlTool, opts.postgres, databases.main, 'postgresql/v12/temporal'),
    setUpDatabase(sqlTool, opts.postgres, databases.visibility, 'postgresql/v12/visibility'),
  ]);

  const configDir = join(dir, 'config');
  const ports = await innerPorts(join(dir, 'ports.json'));
  await writeConfig(join(configDir, 'dynamic.yaml'), dynamicConfig);
  await writeConfig(
    join(configDir, 'development.yaml'),
    serverConfig({ ...opts, databases, ports, dynamicConfigFile: join(configDir, 'dynamic.yaml') }),
  );
  const temporal = spawnService(server, ['--root', dir, '--config', 'config', '--env', 'development', '--allow-no-auth', 'start']);
  await temporal.waitUntil('The Temporal server', () => frontendAnswers(address), startTimeoutMs);

  const uiUrl = opts.ui ? `http://127.0.0.1:${opts.ui.port}` : null;
  let ui: ServiceProcess | null = null;
  try {
    await prepareNamespace(address, namespace, log);
    if (opts.ui && uiServer) {
      await writeConfig(join(dir, 'ui', 'config', 'development.yaml'), uiConfig(address, opts.ui));
      ui = spawnService(uiServer, ['--root', join(dir, 'ui'), '--config', 'config', '--env', 'development', 'start']);
      await ui.waitUntil('The Temporal Web UI server', () => httpAnswers(`${uiUrl}/healthz`), startTimeoutMs);
    }
  } catch (err) {
    await temporal.stop();
    throw err;
  }

  return {
    address,
    uiUrl,
    async stop() {
      await ui?.stop();
      await temporal.stop();
    },
  };
}

/** The connection a `postgres://user:password@host:port/db` URL describes. */
export function postgresConnection(databaseUrl: string): PostgresConnection {
  const url = new URL(databaseUrl);
  return {
    host: url.hostname,
    port: Number(url.port || 5432),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
  };
}

/**
 * Creates the database when missing, then brings it to the newest schema the sql tool embeds; each
 * command does nothing on a database that is already there and up to date.
 */
async function setUpDatabase(sqlTool: string, postgres: PostgresConnection, database: string, schemaName: string): Promise<void> {
  const connection = ['--plugin', 'postgres12', '--ep', postgres.host, '-p', String(postgres.port), '-u', postgres.user, '--db', database];
  // The password goes in the environment, where other users' `ps` cannot read it.
  const env = { ...process.env, SQL_PASSWORD: postgres.password };
  for (const command of [['create-database'], ['setup-schema', '-v', '0.0'], ['update-schema', '--schema-name', schemaName]]) {
    try {
      await promisify(execFile)(sqlTool, [...connection, ...command], { env });
    } catch (err) {
      const { stdout, stderr } = err as { stdout?: string; stderr?: string };
      throw new Error(`\`sql ${command[0]}\` failed on the database ${database}:\n${stderr ?? ''}${stdout ?? ''}`, { cause: err });
    }
  }
}

interface InnerPorts {
  frontendMembership: number;
  history: number;
  historyMembership: number;
  matching: number;
  matchingMembership: number;
  worker: number;
  workerMembership: number;
}

/**
 * The gRPC and membership ports of the server's inner services, kept in `file` so a restart takes the
 * same ones: the server finds its previous members' addresses in the database and would otherwise
 * spend its join time calling ports where nothing listens any more. A port taken meanwhile is replaced.
 * Below 32768: the membership table keeps ports in a smallint (and the ephemeral range starts there).
 */
async function innerPorts(file: string): Promise<InnerPorts> {
  const saved: Partial<InnerPorts> = existsSync(file) ? JSON.parse(await readFile(file, 'utf8')) : {};
  const names: (keyof InnerPorts)[] = [
    'frontendMembership',
    'history',
    'historyMembership',
    'matching',
    'matchingMembership',
    'worker',
    'workerMembership',
  ];
  const ports = {} as InnerPorts;
  for (const name of names) {
    const previous = saved[name];
    ports[name] = previous && (await isPortFree(previous)) ? previous : await freePortBelowEphemeral();
  }
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(ports, null, 2));
  return ports;
}

/**
 * The server's configuration, after `config/development-postgres12.yaml` of go.temporal.io/server
 * v1.29.1: everything on 127.0.0.1, no metrics or pprof listener (fixed ports that two servers on one
 * machine would fight over), no archival, no HTTP API (the platform speaks gRPC).
 */
function serverConfig(
  opts: TemporalPostgresServerOptions & { databases: { main: string; visibility: string }; ports: InnerPorts; dynamicConfigFile: string },
) {
  const { postgres, ports } = opts;
  const store = (databaseName: string, maxConns: number) => ({
    sql: {
      pluginName: 'postgres12',
      databaseName,
      connectAddr: `${postgres.host}:${postgres.port}`,
      connectProtocol: 'tcp',
      user: postgres.user,
      password: postgres.password,
      maxConns,
      maxIdleConns: maxConns,
      maxConnLifetime: '1h',
    },
  });
  const rpc = (grpcPort: number, membershipPort: number) => ({ rpc: { grpcPort, membershipPort, bindOnLocalHost: true } });
  return {
    log: { stdout: true, level: 'warn' },
    persistence: {
      defaultStore: 'postgres-default',
      visibilityStore: 'postgres-visibility',
      numHistoryShards,
      datastores: {
        // Each of the four services keeps its own pools, so the server holds up to 4 × (10 + 2)
        // connections: well inside PostgreSQL's default of 100 beside the platform's own pools.
        'postgres-default': store(opts.databases.main, 10),
        'postgres-visibility': store(opts.databases.visibility, 2),
      },
    },
    global: { membership: { maxJoinDuration: '30s', broadcastAddress: '127.0.0.1' } },
    services: {
      frontend: rpc(opts.port, ports.frontendMembership),
      history: rpc(ports.history, ports.historyMembership),
      matching: rpc(ports.matching, ports.matchingMembership),
      worker: rpc(ports.worker, ports.workerMembership),
    },
    clusterMetadata: {
      enableGlobalNamespace: false,
      failoverVersionIncrement: 10,
      masterClusterName: 'active',
      currentClusterName: 'active',
      clusterInformation: {
        active: { enabled: true, initialFailoverVersion: 1, rpcName: 'frontend', rpcAddress: `127.0.0.1:${opts.port}` },
      },
    },
    dcRedirectionPolicy: { policy: 'noop' },
    dynamicConfigClient: { filepath: opts.dynamicConfigFile, pollInterval: '10s' },
  };
}

/** What the dev server sets (`temporal server start-dev`), so the platform behaves the same on both. */
const dynamicConfig = {
  'limit.maxIDLength': [{ value: 255 }],
  'history.hostLevelCacheMaxSize': [{ value: 8192 }],
  'frontend.namespaceRPS.visibility': [{ value: 100 }],
};

/** After the ui-server module's `config/development.yaml` (v2.42.1). */
function uiConfig(temporalAddress: string, ui: { port: number; codecEndpoint?: string }) {
  return {
    temporalGrpcAddress: temporalAddress,
    host: '127.0.0.1',
    port: ui.port,
    enableUi: true,
    defaultNamespace: namespace,
    refreshInterval: '1m',
    // Nothing here calls out to the internet, and its access log would only fill the output tail.
    notifyOnNewVersion: false,
    hideLogs: true,
    // Plain HTTP on the loopback: a `Secure` CSRF cookie would never come back. No other origin calls
    // the UI server; the codec endpoint's CORS is the API's.
    cors: { cookieInsecure: true, allowOrigins: [] },
    // The browser sends the platform's session cookie along, so the API decodes only for operators.
    codec: ui.codecEndpoint ? { endpoint: ui.codecEndpoint, includeCredentials: true } : {},
  };
}

/** JSON is YAML, so no YAML library is needed; the file holds a password, so only its owner reads it. */
async function writeConfig(file: string, config: object): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `# Written by temporal/postgres-server.ts on every start.\n${JSON.stringify(config, null, 2)}\n`, { mode: 0o600 });
}

async function httpAnswers(url: string): Promise<boolean> {
  try {
    return (await fetch(url, { signal: AbortSignal.timeout(1000) })).ok;
  } catch {
    return false;
  }
}
