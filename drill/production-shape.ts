import { randomBytes } from 'node:crypto';
import { mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { startMailSink, type MailSink, type ReceivedMail } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { postgresConnection, startTemporalPostgresServer, type TemporalPostgresServer } from '../temporal/postgres-server.ts';
import { parsePayloadKeys, payloadDataConverter } from '../temporal/payload-codec.ts';
import { superviseProcess, type SupervisedProcess } from './supervised-process.ts';

/**
 * The settings the platform's own processes (the API, the workers) get in a run on this machine:
 * a fresh TOTP key and a run's payload key (payloads encrypted as in production, shared by the
 * processes of the run), and a sign-in limit raised above the default of 30 a minute, which is
 * there for people at a sign-in form: a run signs in its many users from one address.
 */
export function platformProcessEnv(run: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  smtpUrl: string;
  apiPort: number;
  /** Names the run's payload key (each payload carries its key's id). */
  payloadKeyId: string;
}): { [name: string]: string; PAYLOAD_KEYS: string } {
  return {
    DATABASE_URL: run.databaseUrl,
    TEMPORAL_ADDRESS: run.temporalAddress,
    TEMPORAL_TASK_QUEUE: run.taskQueue,
    SMTP_URL: run.smtpUrl,
    APP_URL: 'http://localhost:3000',
    API_PORT: String(run.apiPort),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PAYLOAD_KEYS: `${run.payloadKeyId}:${randomBytes(32).toString('base64')}`,
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
  };
}

/**
 * The production shape on one machine: a durable PostgreSQL, a Temporal server on it, two worker
 * processes, the API process on a real port and an SMTP sink, each restartable on the same data
 * and ports.
 */
export interface ProductionShape {
  apiUrl: string;
  database: ReturnType<typeof createDb>;
  temporal: Client;
  workers: [SupervisedProcess, SupervisedProcess];
  api: SupervisedProcess;
  /** Every message the sink received, however many. */
  received: ReceivedMail[];
  restartTemporal(): Promise<void>;
  restartPostgres(): Promise<void>;
  stop(): Promise<void>;
}

export async function startProductionShape(opts: { log: (msg: string) => void }): Promise<ProductionShape> {
  const { log } = opts;
  const cleanup: (() => Promise<unknown>)[] = [];
  const stop = async () => {
    for (const step of cleanup.splice(0).reverse()) await step().catch((err: unknown) => log(`While stopping: ${String(err)}`));
  };
  try {
    const run = randomBytes(4).toString('hex');
    // Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
    const dir = join(tmpdir(), `platform-drill-${run}`);
    await mkdir(dir, { recursive: true, mode: 0o755 });
    cleanup.push(() => rm(dir, { recursive: true, force: true }));

    // Its FATAL lines are what every client says while it restarts on purpose; the drill counts the effects.
    const pgOptions = { dataDir: join(dir, 'postgres'), port: await freePort(), durable: true, log: () => {} };
    let postgres: EmbeddedDatabase | null = await startEmbeddedPostgres(pgOptions);
    cleanup.push(async () => postgres?.stop());
    const databaseUrl = postgres.url;

    const temporalOptions = { postgres: postgresConnection(databaseUrl), port: await freePort(), dir: join(dir, 'temporal'), log };
    let temporalServer: TemporalPostgresServer | null = await startTemporalPostgresServer(temporalOptions);
    cleanup.push(async () => temporalServer?.stop());

    const migrator = createDb(databaseUrl, { max: 1 });
    await migrateDatabase(migrator.db).finally(() => migrator.close());
    const database = createDb(databaseUrl);
    cleanup.push(database.close);

    const received: ReceivedMail[] = [];
    const mail: MailSink = await startMailSink({ smtpPort: await freePort(), onReceive: (m) => received.push(m) });
    cleanup.push(mail.stop);

    const apiPort = await freePort();
    const env = {
      ...platformProcessEnv({
        databaseUrl,
        temporalAddress: temporalServer.address,
        taskQueue: `drill-${run}`,
        smtpUrl: mail.smtpUrl,
        apiPort,
        payloadKeyId: 'drill',
      }),
      // A killed worker's claimed e-mail is taken over after twice this.
      MAIL_SEND_TIMEOUT: '5s',
    };
    const worker = (n: number) =>
      superviseProcess({ name: `worker ${n}`, script: 'temporal/worker-main.ts', env, readyLine: 'worker: polling', log });
    const workers: [SupervisedProcess, SupervisedProcess] = await Promise.all([worker(1), worker(2)]);
    for (const w of workers) cleanup.push(w.stop);
    const api = await superviseProcess({ name: 'api', script: 'api/server.ts', env, readyLine: 'api: listening', log });
    cleanup.push(api.stop);

    const connection = await Connection.connect({ address: temporalServer.address });
    cleanup.push(() => connection.close());

    return {
      apiUrl: `http://127.0.0.1:${apiPort}`,
      database,
      temporal: new Client({ connection, dataConverter: payloadDataConverter(parsePayloadKeys(env.PAYLOAD_KEYS)) }),
      workers,
      api,
      received,
      async restartTemporal() {
        await temporalServer!.stop();
        temporalServer = null;
        temporalServer = await startTemporalPostgresServer(temporalOptions);
      },
      async restartPostgres() {
        await postgres!.stop();
        postgres = null;
        postgres = await startEmbeddedPostgres(pgOptions);
      },
      stop,
    };
  } catch (err) {
    await stop();
    throw err;
  }
}
