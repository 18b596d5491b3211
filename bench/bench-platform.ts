/**
 * What the benchmarks run against (DESIGN.md, "Performance notes"): a fresh embedded PostgreSQL
 * (fsync off), Temporal on that PostgreSQL (or the dev server with `BENCH_TEMPORAL=dev`), the
 * platform's API on a real loopback port, its worker and its mail dispatcher, all in this process,
 * as tests/harness.ts puts them together. DATABASE_URL and TEMPORAL_ADDRESS point it at running ones.
 * Everything started is stopped by `runBenchmark`, in reverse, also on Ctrl+C.
 */
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { serve } from '@hono/node-server';
import { Client, Connection, type DataConverter } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createApp } from '../api/app.ts';
import { createEventHub } from '../api/events/hub.ts';
import { loadConfig, type PlatformConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startMailDispatcher } from '../mail/dispatcher.ts';
import { startMailSink, type MailSink, type ReceivedMail } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { payloadDataConverter } from '../temporal/payload-codec.ts';
import { postgresConnection, startTemporalPostgresServer } from '../temporal/postgres-server.ts';
import { bundleWorkflows, createWorker } from '../temporal/worker.ts';
import { progress } from './run-details.ts';

export type TemporalChoice = 'dev' | 'postgres';
export const temporalChoice = (): TemporalChoice => (process.env.BENCH_TEMPORAL === 'dev' ? 'dev' : 'postgres');

export interface BenchPlatform {
  runId: string;
  config: PlatformConfig;
  database: ReturnType<typeof createDb>;
  temporal: Client;
  dataConverter: DataConverter;
  workerConnection: NativeConnection;
  /** The API, e.g. http://127.0.0.1:4123 (its routes under /api). */
  baseUrl: string;
  mail: MailSink;
  /** Which server runs the workflows, and where the data is, as the results say it. */
  temporalDescription: string;
  databaseDescription: string;
}

const cleanup: (() => Promise<void>)[] = [];

/** Stopped when the benchmark ends, after everything started after it. */
export const onStop = (step: () => Promise<void>): void => {
  cleanup.push(step);
};

/** Starts the platform; `onMail` sees every message the mail sink receives. */
export async function startBenchPlatform(options: {
  temporal: TemporalChoice;
  name: string;
  onMail?: (mail: ReceivedMail) => void;
  /** Settings over the benchmark's own. */
  env?: Record<string, string>;
}): Promise<BenchPlatform & { workflowBundle: WorkflowBundleWithSourceMap }> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  progress(`starting PostgreSQL and Temporal (${options.temporal === 'dev' ? 'dev server' : 'on PostgreSQL'}), bundling workflows`);
  const bundle = bundleWorkflows();
  bundle.catch(() => {}); // awaited below, after the servers
  const external = { database: Boolean(process.env.DATABASE_URL), temporal: Boolean(process.env.TEMPORAL_ADDRESS) };
  const databaseUrl = process.env.DATABASE_URL || (await startDatabase());
  const temporalServer = process.env.TEMPORAL_ADDRESS
    ? { address: process.env.TEMPORAL_ADDRESS, description: 'TEMPORAL_ADDRESS' }
    : await startTemporal(options.temporal, databaseUrl);
  const workflowBundle = await bundle;

  const migrator = createDb(databaseUrl, { max: 1 });
  await migrateDatabase(migrator.db).finally(() => migrator.close());
  const mail = await startMailSink({ smtpPort: await freePort(), onReceive: options.onMail });
  onStop(mail.stop);

  const runId = randomBytes(4).toString('hex');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalServer.address,
    TEMPORAL_TASK_QUEUE: `bench-${options.name}-${runId}`,
    SMTP_URL: mail.smtpUrl,
    APP_URL: 'http://localhost:3000',
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every loop signs in its people from this one address before the clock starts; the limit is
    // there for people at a sign-in form, and many loops would trip the default of 30 a minute.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    PAYLOAD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
    ...options.env,
  });
  // The workers encrypt as production does.
  const dataConverter = payloadDataConverter(config.temporal.payloadKeys);
  const database = createDb(databaseUrl, { max: 20 });
  onStop(database.close);
  const connection = await Connection.connect({ address: temporalServer.address });
  onStop(() => connection.close());
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  const events = await createEventHub(database.sql);
  onStop(events.close);
  // The worker process's dispatcher: the e-mails are part of the cost.
  const mailDispatcher = await startMailDispatcher({ sql: database.sql, ...config.mail });
  onStop(mailDispatcher.stop);
  const app = createApp({ db: database.db, temporal, config, events });
  const apiPort = await freePort();
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = serve({ fetch: app.fetch, port: apiPort, hostname: '127.0.0.1' }, () => resolve(listening)) as Server;
  });
  onStop(() => closeServer(server));

  const workerConnection = await NativeConnection.connect({ address: temporalServer.address });
  onStop(() => workerConnection.close());
  const platformWorker = await createWorker({
    connection: workerConnection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle,
    deps: { db: database.db, appUrl: config.appUrl },
    payloadKeys: config.temporal.payloadKeys,
  });
  runUntilStopped(platformWorker, 'platform');
  return {
    runId,
    config,
    database,
    temporal,
    dataConverter,
    workerConnection,
    baseUrl: `http://127.0.0.1:${apiPort}`,
    mail,
    workflowBundle,
    temporalDescription: temporalServer.description,
    databaseDescription: external.database ? 'DATABASE_URL' : 'embedded PostgreSQL, fsync off',
  };
}

/** Runs the worker until the benchmark stops. */
export function runUntilStopped(worker: Worker, name: string): void {
  const running = worker.run().catch((err: unknown) => console.error(`The ${name} worker stopped:`, err));
  onStop(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
}

async function startDatabase(): Promise<string> {
  // Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
  const dataDir = join(tmpdir(), `platform-bench-pg-${randomBytes(6).toString('hex')}`);
  onStop(() => rm(dataDir, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
  onStop(database.stop);
  return database.url;
}

async function startTemporal(choice: TemporalChoice, databaseUrl: string): Promise<{ address: string; description: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'platform-bench-temporal-'));
  onStop(() => rm(dir, { recursive: true, force: true }));
  if (choice === 'dev') {
    const server = await startTemporalDevServer({ port: await freePort(), headless: true, dbFile: join(dir, 'temporal.db') });
    onStop(server.stop);
    return { address: server.address, description: 'temporal server start-dev, SQLite file (WAL, synchronous=OFF)' };
  }
  const server = await startTemporalPostgresServer({
    postgres: postgresConnection(databaseUrl),
    port: await freePort(),
    dir,
    log: () => {},
  });
  onStop(server.stop);
  return { address: server.address, description: 'Temporal server 1.29.1 on the same PostgreSQL (16 history shards)' };
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

async function stopAll(): Promise<void> {
  for (const step of cleanup.splice(0).reverse()) {
    await step().catch((err: unknown) => console.error('While stopping:', err instanceof Error ? err.message : err));
  }
}

/** Runs a benchmark's main, then stops everything it started, also when it fails or is interrupted. */
export async function runBenchmark(main: () => Promise<void>): Promise<void> {
  process.once('SIGINT', () => {
    console.error('\nInterrupted; stopping everything.');
    void stopAll().finally(() => process.exit(130));
  });
  try {
    await main();
  } catch (err) {
    console.error(`\nBenchmark aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exitCode = 1;
  } finally {
    await stopAll();
  }
}
