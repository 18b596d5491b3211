import { randomBytes, randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker, type WorkflowBundleOption } from '@temporalio/worker';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';
import { eq } from 'drizzle-orm';
import { inject } from 'vitest';
import { createApp } from '../api/app.ts';
import { createEventHub, type EventHub } from '../api/events/hub.ts';
import { loadConfig, type PlatformConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { holidays, organizations } from '../db/schema/index.ts';
import { seedOrganisation, type SeededOrganisation } from '../db/seed.ts';
import { addCalendarDays, isCalendarDate, isWorkingDay, todayIn, type CalendarDate } from '../domain/calendar.ts';
import { startMailDispatcher, type MailDispatcher } from '../mail/dispatcher.ts';
import { startMailSink, type MailSink } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { payloadDataConverter } from '../temporal/payload-codec.ts';
import { createWorker } from '../temporal/worker.ts';

export const testPassword = 'test-password-1';

/**
 * The payload keys every test platform runs with, as after one rotation: `tests-b` encrypts,
 * `tests-a` (the key before it) still decrypts. Test-only keys; never use them anywhere else.
 */
export const testPayloadKeys = {
  current: 'tests-b:VL/LqkRIQ94x2nAZUQ4xSARxfo1FK7v5SyvdWroqlqE=',
  previous: 'tests-a:z+cnfqOy/4oNQ/ksvd1X4YoSx5VAx3TAYD4XxkRbAJU=',
};
export const testPayloadKeySet = `${testPayloadKeys.current},${testPayloadKeys.previous}`;

export interface Platform {
  config: PlatformConfig;
  database: ReturnType<typeof createDb>;
  org: SeededOrganisation;
  slug: string;
  mail: MailSink;
  /** Sends this organisation's outbox to `mail`; null when the file sends it its own way. */
  mailDispatcher: MailDispatcher | null;
  /** Sends another organisation's outbox (one the test made) to `mail` too, until `stop`. */
  alsoSendMailOf(orgId: string): Promise<void>;
  temporal: Client;
  /** People's TOTP keys, as their authenticator apps would hold them, once they enrolled. */
  totpKeys: Map<string, Uint8Array>;
  signedIn: Map<string, SignedIn>;
  app: ReturnType<typeof createApp>;
  /** The app's clock (see `testClock`); tests pick their dates from it, never from the real date. */
  now: () => Date;
  /** Today in the organisation's zone, by `now`. */
  today: CalendarDate;
  /** The organisation's holiday calendar, as the app reads it from the database. */
  holidays: ReadonlySet<CalendarDate>;
  /** The first working day at least `daysAhead` days after today, by the product's own working-day rule. */
  workingDayAhead(daysAhead: number): CalendarDate;
  /**
   * The same, but never a day this platform handed out here before: requests of one person that must
   * not overlap. (Offsets 10 and 12 are the same Monday when the 10th day ahead is a Saturday.)
   */
  unusedWorkingDayAhead(daysAhead: number): CalendarDate;
  /** The first weekend day or holiday at least `daysAhead` days after today. */
  dayOffAhead(daysAhead: number): CalendarDate;
  startWorker(): Promise<Worker>;
  /** Runs `fn` while a worker polls this file's task queue. */
  withWorker<T>(fn: () => Promise<T>): Promise<T>;
  stop(): Promise<void>;
}

/**
 * The real platform for one test file: the shared PostgreSQL and Temporal server from the global
 * setup, an organisation and a task queue of its own, a real SMTP sink, and the real API app.
 */
export async function startPlatform(options: {
  bundle: WorkflowBundleOption;
  env?: Record<string, string>;
  /** The API's clock ("today" for the leave rules and balances); the real one when absent. */
  now?: () => Date;
  /** False when the file runs its own mail dispatcher (a worker process of its own, say). */
  dispatchMail?: boolean;
}): Promise<Platform> {
  const slug = `t${randomUUID().slice(0, 8)}`;
  const mail = await startMailSink({ smtpPort: await freePort() });
  const config = loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TEMPORAL_TASK_QUEUE: `queue-${slug}`,
    SMTP_URL: mail.smtpUrl,
    APP_URL: 'http://localhost:3000',
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every test request comes from one address; tests/identity.test.ts checks the limit on its own app.
    AUTH_RATE_LIMIT_PER_MINUTE: '10000',
    PAYLOAD_KEYS: testPayloadKeySet,
    ...options.env,
  });
  const database = createDb(config.databaseUrl!);
  // The seeded years follow the suite's today; a file may give its API a clock of its own on top.
  const suiteNow = testClock();
  const now = options.now ?? suiteNow;
  const year = suiteNow().getUTCFullYear();
  const org = await seedOrganisation(database.db, { slug, name: `Org ${slug}`, password: testPassword, years: [year, year + 1] });
  const [organization] = await database.db.select().from(organizations).where(eq(organizations.id, org.orgId));
  const today = todayIn(organization!.timeZone, now());
  const holidayRows = await database.db.select({ day: holidays.day }).from(holidays).where(eq(holidays.orgId, org.orgId));
  const holidaySet: ReadonlySet<CalendarDate> = new Set(holidayRows.map((h) => h.day));
  const handedOut = new Set<CalendarDate>();
  const firstDayAhead = (daysAhead: number, wanted: (day: CalendarDate) => boolean) => {
    let day = addCalendarDays(today, daysAhead);
    while (!wanted(day)) day = addCalendarDays(day, 1);
    return day;
  };
  const connection = await Connection.connect({ address: config.temporal.address });
  const temporal = new Client({
    connection,
    namespace: config.temporal.namespace,
    dataConverter: payloadDataConverter(config.temporal.payloadKeys),
  });
  const events: EventHub = await createEventHub(database.sql);
  // Only this file's organisation: the other files' mail goes to their own sinks.
  const mailDispatcher =
    options.dispatchMail === false ? null : await startMailDispatcher({ sql: database.sql, ...config.mail, onlyOrgIds: [org.orgId] });
  const moreDispatchers: MailDispatcher[] = [];
  const app = createApp({ db: database.db, temporal, config, events, now });
  const workerConnection = await NativeConnection.connect({ address: config.temporal.address });

  const startWorker = () =>
    createWorker({
      connection: workerConnection,
      namespace: config.temporal.namespace,
      taskQueue: config.temporal.taskQueue,
      workflowBundle: options.bundle,
      deps: { db: database.db, appUrl: config.appUrl },
      payloadKeys: config.temporal.payloadKeys,
    });

  return {
    config,
    database,
    org,
    slug,
    mail,
    mailDispatcher,
    async alsoSendMailOf(orgId) {
      moreDispatchers.push(await startMailDispatcher({ sql: database.sql, ...config.mail, onlyOrgIds: [orgId] }));
    },
    temporal,
    totpKeys: new Map(),
    signedIn: new Map(),
    app,
    now,
    today,
    holidays: holidaySet,
    workingDayAhead: (daysAhead) => firstDayAhead(daysAhead, (day) => isWorkingDay(day, holidaySet)),
    unusedWorkingDayAhead: (daysAhead) => {
      const day = firstDayAhead(daysAhead, (d) => isWorkingDay(d, holidaySet) && !handedOut.has(d));
      handedOut.add(day);
      return day;
    },
    dayOffAhead: (daysAhead) => firstDayAhead(daysAhead, (day) => !isWorkingDay(day, holidaySet)),
    startWorker,
    async withWorker(fn) {
      const worker = await startWorker();
      return worker.runUntil(fn);
    },
    async stop() {
      await events.close();
      for (const dispatcher of [mailDispatcher, ...moreDispatchers]) await dispatcher?.stop();
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
  headers: Headers;
}

export interface SignedIn {
  cookie: string;
  get(path: string): Promise<ApiCall>;
  post(path: string, body?: unknown): Promise<ApiCall>;
  patch(path: string, body: unknown): Promise<ApiCall>;
  put(path: string, body: unknown): Promise<ApiCall>;
  delete(path: string): Promise<ApiCall>;
}

/** Calls the real app with a session cookie (or none), parsing the JSON answer. */
export function caller(platform: Platform, cookie: string | null) {
  const call = async (method: string, path: string, body?: unknown): Promise<ApiCall> => {
    const res = await platform.app.request(`/api${path}`, {
      method,
      headers: { ...(cookie ? { cookie } : {}), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await res.text();
    return {
      status: res.status,
      body: text && res.headers.get('content-type')?.includes('json') ? JSON.parse(text) : text || null,
      headers: res.headers,
    };
  };
  return {
    get: (path: string) => call('GET', path),
    post: (path: string, body: unknown = {}) => call('POST', path, body),
    patch: (path: string, body: unknown) => call('PATCH', path, body),
    put: (path: string, body: unknown) => call('PUT', path, body),
    delete: (path: string) => call('DELETE', path),
  };
}

export const totpCode = (key: Uint8Array) => generateTOTP(key, 30, 6);

/**
 * Signs a person of the test organisation in as the UI would: password, then their second factor,
 * enrolling an authenticator (kept in `platform.totpKeys`) on their first sign-in. A person's
 * session is reused unless `fresh` (a TOTP code works once, and a new one comes every 30 seconds).
 */
export async function signIn(platform: Platform, person: string, options: { fresh?: boolean; password?: string } = {}): Promise<SignedIn> {
  const cached = platform.signedIn.get(person);
  if (cached && !options.fresh) return cached;
  const email = person.includes('@') ? person : `${person}@${platform.slug}.test`;
  const response = await platform.app.request('/api/auth/sign-in', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password: options.password ?? testPassword }),
  });
  if (response.status !== 200) throw new Error(`sign-in of ${person} failed: ${response.status} ${await response.text()}`);
  const { next } = (await response.json()) as { next: 'done' | 'totp' | 'enroll-totp' };
  const passwordCookie = response.headers.get('set-cookie')!.split(';')[0]!;
  const api = caller(platform, passwordCookie);
  let secondFactor: ApiCall | null = null;
  if (next === 'enroll-totp') {
    const setup = await api.post('/account/totp/setup');
    const key = decodeBase32IgnorePadding(setup.body.secret);
    secondFactor = await api.post('/account/totp/enable', { code: totpCode(key) });
    if (secondFactor.status !== 200) throw new Error(`enrolment of ${person} failed: ${secondFactor.status}`);
    platform.totpKeys.set(email, key);
  } else if (next === 'totp') {
    const key = platform.totpKeys.get(email);
    if (!key) throw new Error(`${person} has two factors but the test does not know the key`);
    secondFactor = await api.post('/auth/sign-in/totp', { code: totpCode(key) });
    if (secondFactor.status !== 200) {
      throw new Error(`second factor of ${person} failed: ${secondFactor.status} ${JSON.stringify(secondFactor.body)}`);
    }
  }
  // The second factor renews the session: only the token it answers with signs in from then on.
  const cookie = secondFactor?.headers.get('set-cookie')?.split(';')[0] ?? passwordCookie;
  const signedIn = { cookie, ...caller(platform, cookie) };
  platform.signedIn.set(person, signedIn);
  return signedIn;
}

/** A person's open event stream (`GET /api/events`), read as far as a test needs. */
export interface EventStream {
  /** Reads on until the stream so far holds `text`; everything read, as one string. */
  readUntil(text: string): Promise<string>;
  close(): Promise<void>;
}

export async function openEventStream(platform: Platform, who: SignedIn): Promise<EventStream> {
  const response = await platform.app.request('/api/events', { headers: { cookie: who.cookie } });
  if (!response.headers.get('content-type')?.includes('text/event-stream')) throw new Error(`no event stream: ${response.status}`);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let received = '';
  return {
    async readUntil(text) {
      while (!received.includes(text)) {
        const { value, done } = await reader.read();
        if (done) throw new Error('stream ended');
        received += decoder.decode(value, { stream: true });
      }
      return received;
    },
    close: () => reader.cancel(),
  };
}

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

/**
 * The instant the tests' app takes for now: noon UTC on `TEST_TODAY` (YYYY-MM-DD) when it is set, so the
 * suite can be run as if on any other day, else the moment the platform starts. It stands still, so a run
 * that crosses midnight keeps one today.
 */
function testClock(): () => Date {
  const day = process.env.TEST_TODAY;
  if (day && !isCalendarDate(day)) throw new Error(`TEST_TODAY must be a date (YYYY-MM-DD), not "${day}"`);
  const instant = day ? new Date(`${day}T12:00:00Z`).getTime() : Date.now();
  return () => new Date(instant);
}
