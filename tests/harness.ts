import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { inject } from 'vitest';
import { createMailer, type Mailer } from '../activities/mailer.ts';
import { createApp } from '../api/app.ts';
import { createEventHub, type EventHub } from '../api/events/hub.ts';
import { loadConfig, type PlatformConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { seedOrganisation, type SeededOrganisation } from '../db/seed.ts';
import { startMailSink, type MailSink } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { createWorker } from '../temporal/worker.ts';

export const testPassword = 'test-password-1';

export interface Platform {
  config: PlatformConfig;
  database: ReturnType<typeof createDb>;
  org: SeededOrganisation;
  slug: string;
  mail: MailSink;
  temporal: Client;
  app: ReturnType<typeof createApp>;
  startWorker(): Promise<Worker>;
  /** Runs `fn` while a worker polls this file's task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The real platform for one test file: the shared PostgreSQL and Temporal server from the global
 * setup, an organisation and a task queue of its own, a real SMTP sink, and the real API app.
 */
export async function startPlatform(options: { bundle: WorkflowBundleWithSourceMap; env?: Record<string, string> }): Promise<Platform> {
  const slug = `t${randomUUID().slice(0, 8)}`;
  const mail = await startMailSink({ smtpPort: await freePort() });
  const config = loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `queue-${slug}`,
    SMTP_URL: mail.smtpUrl,
    APP_URL: 'http://localhost:3000',
    ...options.env,
  });
  const database = createDb(config.databaseUrl!);
  const year = new Date().getUTCFullYear();
  const org = await seedOrganisation(database.db, { slug, name: `Org ${slug}`, password: testPassword, years: [year, year + 1] });
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({ connection, namespace: config.temporal.namespace });
  const events: EventHub = await createEventHub(database.sql);
  const app = createApp({ db: database.db, temporal, config, events });
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });
  const mailer: Mailer = createMailer({ db: database.db, ...config.mail });

  const startWorker = () =>
    createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: options.bundle,
      deps: { db: database.db, mailer, appUrl: config.appUrl },
    });

  return {
    config,
    database,
    org,
    slug,
    mail,
    temporal,
    app,
    startWorker,
    async withWorker(fn) {
      const worker = await startWorker();
      return worker.runUntil(fn);
    },
    async stop() {
      await events.close();
      mailer.close();
      await workerConnection.close();
      await connection.close();
      await mail.stop();
      await database.close();
    },
  };
}

export interface ApiCall {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API under test
}

/** A signed-in user of the test organisation talking to the real app. */
export async function signIn(platform: Platform, person: string) {
  const response = await platform.app.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: `${person}@${platform.slug}.test`, password: testPassword }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${person} failed: ${response.status}`);
  const cookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const call = async (method: string, path: string, body?: unknown): Promise<ApiCall> => {
    const res = await platform.app.request(`/api${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : null };
  };
  return {
    cookie,
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
  };
}

export type SignedIn = Awaited<ReturnType<typeof signIn>>;

/** Polls until `probe` returns a value (the read side follows the workflow within moments). */
export async function eventually<T>(probe: () => Promise<T | undefined | null | false>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The next weekday at least `daysAhead` days from today that is not a demo holiday. */
export function workingDayAhead(daysAhead: number): string {
  const day = new Date();
  day.setUTCDate(day.getUTCDate() + daysAhead);
  while (
    day.getUTCDay() === 0 ||
    day.getUTCDay() === 6 ||
    ['12-24', '12-25', '12-26', '12-31', '01-01'].includes(day.toISOString().slice(5, 10))
  ) {
    day.setUTCDate(day.getUTCDate() + 1);
  }
  return day.toISOString().slice(0, 10);
}
