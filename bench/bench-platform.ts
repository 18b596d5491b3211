/**
 * What the benchmarks run against (DESIGN.md, "Performance notes"), in the production shape: a fresh
 * embedded PostgreSQL (fsync off), Temporal on that PostgreSQL (or the dev server with
 * `BENCH_TEMPORAL=dev`), and the platform's own processes as `npm start` runs them: the API
 * (`api/server.ts`) on a real loopback port and the worker (`temporal/worker-main.ts`, which also
 * sends the outbox's e-mail), each a process of its own. This process is the people's HTTP clients;
 * the SMTP server the e-mail goes to is a process too (mail-sink-process.ts). DATABASE_URL and
 * TEMPORAL_ADDRESS point it at running servers. Everything started is stopped by `runBenchmark`, in
 * reverse, also on Ctrl+C.
 */
import { fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { loadConfig, type PlatformConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { platformProcessEnv } from '../drill/production-shape.ts';
import { superviseProcess } from '../drill/supervised-process.ts';
import type { ReceivedMail } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { payloadDataConverter } from '../temporal/payload-codec.ts';
import { postgresConnection, startTemporalPostgresServer } from '../temporal/postgres-server.ts';
import { progress } from './run-details.ts';

export type TemporalChoice = 'dev' | 'postgres';
export const temporalChoice = (): TemporalChoice => (process.env.BENCH_TEMPORAL === 'dev' ? 'dev' : 'postgres');

export interface BenchPlatform {
  runId: string;
  config: PlatformConfig;
  /** The platform's settings as its processes get them (a benchmark's own processes take them too). */
  env: Record<string, string>;
  /** The benchmark's own connection: seeding and checks. */
  database: ReturnType<typeof createDb>;
  temporal: Client;
  /** The API, e.g. http://127.0.0.1:4123 (its routes under /api). */
  baseUrl: string;
  /** Which server runs the workflows, and where the data is, as the results say it. */
  temporalDescription: string;
  databaseDescription: string;
}

const cleanup: (() => Promise<void>)[] = [];

/** Stopped when the benchmark ends, after everything started after it. */
export const onStop = (step: () => Promise<void>): void => {
  cleanup.push(step);
};

/** A process of the benchmark's run, stopped with it; its exits on its own are logged and answered with a restart. */
export async function startBenchProcess(name: string, script: string, env: Record<string, string>, readyLine: string): Promise<void> {
  // BENCH_PROFILE_DIR: each process writes its CPU profiles into a folder of its own there when it
  // stops (Node refuses --cpu-prof in NODE_OPTIONS, so it is passed here). Node's own file names
  // are kept: they hold the thread, so the worker's workflow thread writes a profile beside the
  // main thread's instead of over it.
  const profileDir = process.env.BENCH_PROFILE_DIR;
  const nodeArgs = profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(profileDir, name.replaceAll(' ', '-'))] : [];
  const child = await superviseProcess({ name, script, env, readyLine, nodeArgs, log: (msg) => console.error(`[${name}] ${msg}`) });
  onStop(child.stop);
}

/** Starts the platform; `onMail` sees every message the mail sink receives. */
export async function startBenchPlatform(options: {
  temporal: TemporalChoice;
  name: string;
  onMail?: (mail: ReceivedMail) => void;
  /** Settings over the benchmark's own. */
  env?: Record<string, string>;
}): Promise<BenchPlatform> {
  progress(
    `starting PostgreSQL and Temporal (${options.temporal === 'dev' ? 'dev server' : 'on PostgreSQL'}), then the API and worker processes`,
  );
  const external = { database: Boolean(process.env.DATABASE_URL), temporal: Boolean(process.env.TEMPORAL_ADDRESS) };
  const databaseUrl = process.env.DATABASE_URL || (await startDatabase());
  const temporalServer = process.env.TEMPORAL_ADDRESS
    ? { address: process.env.TEMPORAL_ADDRESS, description: 'TEMPORAL_ADDRESS' }
    : await startTemporal(options.temporal, databaseUrl);

  const migrator = createDb(databaseUrl, { max: 1 });
  await migrateDatabase(migrator.db).finally(() => migrator.close());
  const smtpUrl = await startMailSinkProcess(options.onMail);

  const runId = randomBytes(4).toString('hex');
  const apiPort = await freePort();
  const env: Record<string, string> = {
    ...platformProcessEnv({
      databaseUrl,
      temporalAddress: temporalServer.address,
      taskQueue: `bench-${options.name}-${runId}`,
      smtpUrl,
      apiPort,
      payloadKeyId: 'bench',
    }),
    ...options.env,
  };
  const config = loadConfig(env);
  const database = createDb(databaseUrl, { max: 20 });
  onStop(database.close);
  const connection = await Connection.connect({ address: temporalServer.address });
  onStop(() => connection.close());
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: payloadDataConverter(config.temporal.payloadKeys),
  });

  await Promise.all([
    startBenchProcess('worker', 'temporal/worker-main.ts', env, 'worker: polling'),
    startBenchProcess('api', 'api/server.ts', env, 'api: listening'),
  ]);
  return {
    runId,
    config,
    env,
    database,
    temporal,
    baseUrl: `http://127.0.0.1:${apiPort}`,
    temporalDescription: temporalServer.description,
    databaseDescription: external.database ? 'DATABASE_URL' : 'embedded PostgreSQL, fsync off',
  };
}

/** The SMTP server (mail-sink-process.ts), in a process of its own; `onMail` hears of each message. */
async function startMailSinkProcess(onMail?: (mail: ReceivedMail) => void): Promise<string> {
  const smtpPort = await freePort();
  const child = fork(fileURLToPath(new URL('./mail-sink-process.ts', import.meta.url)), [], {
    execArgv: ['--import', 'tsx'],
    env: { ...process.env, SMTP_PORT: String(smtpPort) },
  });
  const exited = once(child, 'exit');
  onStop(async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    await exited;
  });
  await new Promise<void>((resolve, reject) => {
    child.on('message', (message: { kind: 'listening' } | { kind: 'mail'; mail: ReceivedMail }) => {
      if (message.kind === 'listening') resolve();
      else onMail?.(message.mail);
    });
    void exited.then(([code, signal]) => reject(new Error(`The mail sink exited (${String(signal ?? code)}) before it listened.`)));
  });
  return `smtp://127.0.0.1:${smtpPort}`;
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
