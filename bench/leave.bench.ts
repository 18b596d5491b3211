/**
 * The leave process against bare Temporal workflows on the same Temporal server in the same run
 * (DESIGN.md, "Performance notes"): absolute figures depend on the machine, the ratios less so.
 *
 * Latency: submit → the "tasks" event on the manager's stream, against a bare start → first
 * activity started. Throughput, at each concurrency of the sweep: whole cycles (submit, task in the
 * inbox, approve, shown approved) against a bare start → update → activity → completed workflow,
 * measured one after the other at the same concurrency.
 *
 *   npm run bench:leave                                   Temporal on PostgreSQL, loops 1, 4, 16, 64
 *   BENCH_LOOPS=4,16 BENCH_SECONDS=10 BENCH_N=20 npm run bench:leave
 *   BENCH_TEMPORAL=dev npm run bench:leave                the dev server (SQLite) instead
 *
 * PostgreSQL and Temporal start fresh (Temporal's databases on the same embedded PostgreSQL, fsync
 * off) and stop at the end, unless DATABASE_URL and TEMPORAL_ADDRESS point at running ones.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Context } from '@temporalio/activity';
import { Client, Connection } from '@temporalio/client';
import { bundleWorkflowCode, DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { createApp } from '../api/app.ts';
import { createEventHub } from '../api/events/hub.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedOrganisation } from '../db/seed.ts';
import { startMailDispatcher } from '../mail/dispatcher.ts';
import { startMailSink } from '../mail/sink.ts';
import { freePort } from '../scripts/free-port.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { payloadDataConverter } from '../temporal/payload-codec.ts';
import { postgresConnection, startTemporalPostgresServer } from '../temporal/postgres-server.ts';
import { bundleWorkflows, createWorker, quietBundlerLogger } from '../temporal/worker.ts';
import { leaveStatusQuery } from '../workflows/leave/messages.ts';
import { approvalWorkflow, approveUpdate, oneActivityWorkflow, type BaselineActivities } from './baseline-workflows.ts';
import { signInOverHttp, type ApiAnswer, type HttpUser } from './http-user.ts';
import { gitCommit, oneDayLeaveForm, progress, summarise, whole, workingDays, type Summary } from './run-details.ts';

const settings = {
  latencySamples: whole('BENCH_N', 30, 1),
  loops: wholeList('BENCH_LOOPS', [1, 4, 16, 64]),
  seconds: whole('BENCH_SECONDS', 15, 1),
  warmup: whole('BENCH_WARMUP', 3, 0),
  temporal: process.env.BENCH_TEMPORAL === 'dev' ? ('dev' as const) : ('postgres' as const),
};
const password = 'bench-password-1';
/** How long any single step may take before the run is declared broken. */
const stepTimeoutMs = 15_000;

interface Team {
  slug: string;
  employee: HttpUser;
  manager: HttpUser;
}

interface Bench {
  temporal: Client;
  teams: Team[];
  baselineTaskQueue: string;
  nextDay(): string;
  external: { database: boolean; temporal: boolean };
  temporalDescription: string;
}

interface Environment {
  node: string;
  cpus: number;
  loadAverage: { atStart: number[]; atEnd: number[] };
  commit: string | null;
  database: string;
  temporal: string;
}

const cleanup: (() => Promise<void>)[] = [];
const activityReached = new Map<string, (at: number) => void>();

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const bench = await startBench();
  const { temporal, teams, baselineTaskQueue } = bench;
  const [latencyTeam] = teams as [Team];

  // Alternating, so a change in the machine's load during the run weighs on both sides alike.
  progress(`latency: ${settings.warmup} warm-up + ${settings.latencySamples} samples, platform and baseline alternating`);
  const pairs = await repeat(settings.warmup, settings.latencySamples, async () => ({
    platform: await platformLatencySample(temporal, latencyTeam, bench.nextDay()),
    baselineMs: await baselineLatencySample(temporal, baselineTaskQueue),
  }));
  const platform = pairs.map((p) => p.platform);
  const latency = {
    platformSseMs: summarise(platform.map((s) => s.sseMs)),
    platformListedMs: summarise(platform.map((s) => s.listedMs)),
    platformSubmitAnsweredMs: summarise(platform.map((s) => s.submitAnsweredMs)),
    baselineActivityStartMs: summarise(pairs.map((p) => p.baselineMs)),
  };

  const sweep = [];
  for (const loops of settings.loops) {
    progress(`throughput at ${loops} loop(s): platform, then baseline, ${settings.seconds} s each`);
    cyclePhases = emptyPhases();
    const platformCycles = await runLoops(loops, (loop) => platformCycle(teams[loop]!, bench.nextDay()));
    const phases = Object.fromEntries(Object.entries(cyclePhases).map(([name, ms]) => [name, summarise(ms).p50]));
    const baselineCycles = await runLoops(loops, () => baselineCycle(temporal, baselineTaskQueue));
    sweep.push({
      loops,
      ratio: platformCycles.perSecond / baselineCycles.perSecond,
      platform: { ...platformCycles, phasesP50Ms: phases },
      baseline: baselineCycles,
    });
  }

  const results = {
    benchmark: 'leave',
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings,
    environment: {
      node: process.version,
      cpus: availableParallelism(),
      // Other work on the machine skews absolute figures; the ratios are meant to survive it.
      loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
      commit: gitCommit(),
      database: bench.external.database ? 'DATABASE_URL' : 'embedded PostgreSQL, fsync off',
      temporal: bench.temporalDescription,
    } satisfies Environment,
    latency,
    latencyRatios: {
      p50: latency.platformSseMs.p50 / latency.baselineActivityStartMs.p50,
      p95: latency.platformSseMs.p95 / latency.baselineActivityStartMs.p95,
    },
    taskListedOnFirstLook: platform.filter((s) => s.listedOnFirstLook).length,
    sweep,
    samples: { platform, baselineActivityStartMs: pairs.map((p) => p.baselineMs) },
  };
  printTable(results);
  const file = fileURLToPath(new URL(`./results/leave-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url));
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${file}`);
}

// ---------------------------------------------------------------------------------------------
// 1. Latency: submit → task visible to the manager, against start → activity started.

async function platformLatencySample(temporal: Client, team: Team, day: string) {
  const requestId = randomUUID();
  // Armed before the submit, so the event cannot arrive unobserved.
  const taskEvent = team.manager.nextEvent('tasks', stepTimeoutMs);
  const started = performance.now();
  await submitLeave(team.employee, requestId, day);
  const answered = performance.now();
  const announced = await taskEvent.arrival;
  if (announced === null)
    throw new Error(`No 'tasks' event reached the manager within ${stepTimeoutMs / 1000} s of submitting ${requestId}.`);
  let task = await findTask(team.manager, requestId);
  const listedOnFirstLook = task !== undefined;
  task ??= await waitFor(team.manager, 'tasks', () => findTask(team.manager, requestId), `the task for ${requestId} in GET /api/tasks`);
  const listed = performance.now();

  // Untimed: decide the request and let its process go idle, so the next sample starts from a quiet
  // system and the manager's stream carries no leftover event that could be taken for the next task.
  const closedEvent = team.manager.nextEvent('tasks', stepTimeoutMs);
  await approve(team.manager, task.id);
  if ((await closedEvent.arrival) === null) throw new Error(`No 'tasks' event reached the manager after approving ${requestId}.`);
  await eventually(
    async () => (await temporal.workflow.getHandle(`leave-${requestId}`).query(leaveStatusQuery)) === 'approved',
    `leave-${requestId} to be approved`,
  );

  return { day, sseMs: announced - started, listedMs: listed - started, submitAnsweredMs: answered - started, listedOnFirstLook };
}

async function baselineLatencySample(temporal: Client, taskQueue: string): Promise<number> {
  const workflowId = `bench-one-activity-${randomUUID()}`;
  const reached = reaching(workflowId, 'first');
  const started = performance.now();
  const handle = await temporal.workflow.start(oneActivityWorkflow, { taskQueue, workflowId });
  const at = await within(reached, `the activity of ${workflowId} to start`);
  await handle.result();
  return at - started;
}

function reaching(workflowId: string, step: string): Promise<number> {
  return new Promise<number>((resolve) => activityReached.set(`${workflowId}/${step}`, resolve));
}

// ---------------------------------------------------------------------------------------------
// 2. Throughput: whole submit → approve cycles, against start → update → one activity → done.

/** Where a platform cycle's time goes, per step, for the run in progress. */
let cyclePhases: Record<'submit' | 'taskListed' | 'approve' | 'shownApproved', number[]> = emptyPhases();
function emptyPhases() {
  return { submit: [], taskListed: [], approve: [], shownApproved: [] };
}

async function platformCycle(team: Team, day: string): Promise<void> {
  const requestId = randomUUID();
  let at = performance.now();
  const phase = (name: keyof typeof cyclePhases) => {
    const now = performance.now();
    cyclePhases[name].push(now - at);
    at = now;
  };
  await submitLeave(team.employee, requestId, day);
  phase('submit');
  const task = await waitFor(team.manager, 'tasks', () => findTask(team.manager, requestId), `the task for ${requestId}`);
  phase('taskListed');
  await approve(team.manager, task.id);
  phase('approve');
  await waitFor(
    team.employee,
    'leave',
    async () => {
      const answer = await team.employee.get(`/leave-requests/${requestId}`);
      expectStatus(answer, 200, `GET /api/leave-requests/${requestId}`);
      return answer.body.leaveRequest.status === 'approved';
    },
    `${requestId} to show approved`,
  );
  phase('shownApproved');
}

async function baselineCycle(temporal: Client, taskQueue: string): Promise<void> {
  const handle = await temporal.workflow.start(approvalWorkflow, { taskQueue, workflowId: `bench-approval-${randomUUID()}` });
  await handle.executeUpdate(approveUpdate);
  await handle.result();
}

/** `concurrency` loops start cycles until the time is up; cycles running then are finished and counted. */
async function runLoops(concurrency: number, cycle: (loop: number) => Promise<void>) {
  const loops = Array.from({ length: concurrency }, (_, loop) => loop);
  let failed = false;
  const all = async (body: (loop: number) => Promise<number>) => {
    const outcomes = await Promise.allSettled(
      loops.map((loop) =>
        body(loop).catch((err: unknown) => {
          failed = true; // the other loops stop at their next cycle
          throw err;
        }),
      ),
    );
    const failure = outcomes.find((o) => o.status === 'rejected');
    if (failure) throw failure.reason;
    return outcomes.map((o) => (o as PromiseFulfilledResult<number>).value);
  };

  await all(async (loop) => {
    for (let i = 0; i < settings.warmup && !failed; i++) await cycle(loop);
    return 0;
  });
  const cycleMs: number[] = [];
  const started = performance.now();
  const deadline = started + settings.seconds * 1000;
  const perLoop = await all(async (loop) => {
    let cycles = 0;
    while (performance.now() < deadline && !failed) {
      const cycleStarted = performance.now();
      await cycle(loop);
      cycleMs.push(performance.now() - cycleStarted);
      cycles++;
    }
    return cycles;
  });
  const seconds = (performance.now() - started) / 1000;
  const cycles = perLoop.reduce((a, b) => a + b, 0);
  return { cycles, seconds, perSecond: cycles / seconds, perLoop, cycleMs: summarise(cycleMs) };
}

// ---------------------------------------------------------------------------------------------
// The platform's API, as the UI uses it.

async function submitLeave(employee: HttpUser, requestId: string, day: string): Promise<void> {
  const form = oneDayLeaveForm(requestId, day, 'Benchmark');
  expectStatus(await employee.post('/leave-requests', form), 201, `POST /api/leave-requests for ${day} by ${employee.name}`);
}

async function findTask(manager: HttpUser, requestId: string): Promise<{ id: string } | undefined> {
  const answer = await manager.get('/tasks?sort=newest&limit=200');
  expectStatus(answer, 200, 'GET /api/tasks');
  return answer.body.tasks.find((t: { caseId: string }) => t.caseId === requestId);
}

async function approve(manager: HttpUser, taskId: string): Promise<void> {
  expectStatus(
    await manager.post(`/tasks/${taskId}/complete`, { values: { decision: 'approve' } }),
    200,
    `POST /api/tasks/${taskId}/complete`,
  );
}

function expectStatus(answer: ApiAnswer, status: number, what: string): void {
  if (answer.status !== status) throw new Error(`${what} answered ${answer.status}, expected ${status}: ${JSON.stringify(answer.body)}`);
}

/** Probes now and again at each event of `topic` on the user's stream (or each second without one). */
async function waitFor<T>(user: HttpUser, topic: string, probe: () => Promise<T | undefined | false>, what: string): Promise<T> {
  const deadline = performance.now() + stepTimeoutMs;
  for (;;) {
    const wake = user.nextEvent(topic, 1_000);
    const found = await probe();
    if (found) {
      wake.cancel();
      return found;
    }
    if (performance.now() > deadline) {
      wake.cancel();
      throw new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`);
    }
    await wake.arrival;
  }
}

async function eventually(probe: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = performance.now() + stepTimeoutMs;
  while (!(await probe())) {
    if (performance.now() > deadline) throw new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

async function within<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${stepTimeoutMs / 1000} s waiting for ${what}.`)), stepTimeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function repeat<T>(warmup: number, samples: number, sample: () => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await sample();
  const results: T[] = [];
  for (let i = 0; i < samples; i++) results.push(await sample());
  return results;
}

// ---------------------------------------------------------------------------------------------
// Setting up: the same pieces as tests/harness.ts, with the API on a real loopback port.

async function startBench(): Promise<Bench> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const external = { database: Boolean(process.env.DATABASE_URL), temporal: Boolean(process.env.TEMPORAL_ADDRESS) };
  progress(`starting PostgreSQL and Temporal (${settings.temporal === 'dev' ? 'dev server' : 'on PostgreSQL'}), bundling workflows`);
  const bundles = Promise.all([
    bundleWorkflows(),
    bundleWorkflowCode({ workflowsPath: fileURLToPath(new URL('./baseline-workflows.ts', import.meta.url)), logger: quietBundlerLogger }),
  ]);
  bundles.catch(() => {}); // awaited below, after the servers
  const databaseUrl = process.env.DATABASE_URL || (await startDatabase());
  const temporalServer = process.env.TEMPORAL_ADDRESS
    ? { address: process.env.TEMPORAL_ADDRESS, description: 'TEMPORAL_ADDRESS' }
    : await startTemporal(databaseUrl);
  const temporalAddress = temporalServer.address;
  const [platformBundle, baselineBundle] = await bundles;

  const migrator = createDb(databaseUrl, { max: 1 });
  await migrateDatabase(migrator.db).finally(() => migrator.close());
  const mail = await startMailSink({ smtpPort: await freePort() });
  cleanup.push(mail.stop);

  const runId = randomBytes(4).toString('hex');
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporalAddress,
    TEMPORAL_TASK_QUEUE: `bench-leave-${runId}`,
    SMTP_URL: mail.smtpUrl,
    APP_URL: 'http://localhost:3000',
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    // Every loop signs in two people from this one address before the clock starts; the limit is
    // there for people at a sign-in form, and 64 loops would trip the default of 30 a minute.
    AUTH_RATE_LIMIT_PER_MINUTE: '100000',
    PAYLOAD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  });
  // Both workers encrypt as production does, so the ratio compares like with like.
  const dataConverter = payloadDataConverter(config.temporal.payloadKeys);
  const database = createDb(databaseUrl, { max: 20 });
  cleanup.push(database.close);
  const connection = await Connection.connect({ address: temporalAddress });
  cleanup.push(() => connection.close());
  const temporal = new Client({ connection, namespace: config.temporal.namespace, dataConverter });
  const events = await createEventHub(database.sql);
  cleanup.push(events.close);
  // The worker process's dispatcher: the e-mails are part of the cost.
  const mailDispatcher = await startMailDispatcher({ sql: database.sql, ...config.mail });
  cleanup.push(mailDispatcher.stop);
  const app = createApp({ db: database.db, temporal, config, events });
  const apiPort = await freePort();
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = serve({ fetch: app.fetch, port: apiPort, hostname: '127.0.0.1' }, () => resolve(listening)) as Server;
  });
  cleanup.push(() => closeServer(server));

  const workerConnection = await NativeConnection.connect({ address: temporalAddress });
  cleanup.push(() => workerConnection.close());
  const deps = { db: database.db, appUrl: config.appUrl };
  const namespace = config.temporal.namespace;
  const platformWorker = await createWorker({
    connection: workerConnection,
    namespace,
    taskQueue: config.temporal.taskQueue,
    workflowBundle: platformBundle,
    deps,
    payloadKeys: config.temporal.payloadKeys,
  });
  runUntilCleanup(platformWorker, 'platform');
  const baselineTaskQueue = `bench-baseline-${runId}`;
  const baselineWorker = await Worker.create({
    connection: workerConnection,
    namespace,
    taskQueue: baselineTaskQueue,
    workflowBundle: baselineBundle,
    activities: baselineActivities(),
    dataConverter,
  });
  runUntilCleanup(baselineWorker, 'baseline');

  // One organisation per loop: each loop is a team of its own, so no loop waits on another's events.
  const year = new Date().getUTCFullYear();
  const baseUrl = `http://127.0.0.1:${apiPort}`;
  const teams: Team[] = [];
  for (let i = 0; i < Math.max(...settings.loops); i++) {
    const slug = `bench${runId}${i}`;
    await seedOrganisation(database.db, { slug, name: `Bench ${slug}`, password, years: [year, year + 1] });
    const employee = await signInOverHttp(baseUrl, `employee@${slug}.test`, password);
    cleanup.push(async () => employee.close());
    const manager = await signInOverHttp(baseUrl, `manager@${slug}.test`, password);
    cleanup.push(async () => manager.close());
    teams.push({ slug, employee, manager });
  }
  const holidays = new Set((await database.sql<{ day: string }[]>`select day::text as day from holidays`).map((h) => h.day));
  return { temporal, teams, baselineTaskQueue, nextDay: workingDays(holidays), external, temporalDescription: temporalServer.description };
}

function baselineActivities(): BaselineActivities {
  return {
    async reachActivity(step) {
      const at = performance.now();
      const key = `${Context.current().info.workflowExecution?.workflowId}/${step}`;
      activityReached.get(key)?.(at);
      activityReached.delete(key);
    },
  };
}

function runUntilCleanup(worker: Worker, name: string): void {
  const running = worker.run().catch((err: unknown) => console.error(`The ${name} worker stopped:`, err));
  cleanup.push(async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  });
}

async function startDatabase(): Promise<string> {
  // Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
  const dataDir = join(tmpdir(), `platform-bench-pg-${randomBytes(6).toString('hex')}`);
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
  cleanup.push(database.stop);
  return database.url;
}

async function startTemporal(databaseUrl: string): Promise<{ address: string; description: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'platform-bench-temporal-'));
  cleanup.push(() => rm(dir, { recursive: true, force: true }));
  if (settings.temporal === 'dev') {
    const server = await startTemporalDevServer({ port: await freePort(), headless: true, dbFile: join(dir, 'temporal.db') });
    cleanup.push(server.stop);
    return { address: server.address, description: 'temporal server start-dev, SQLite file (WAL, synchronous=OFF)' };
  }
  const server = await startTemporalPostgresServer({
    postgres: postgresConnection(databaseUrl),
    port: await freePort(),
    dir,
    log: () => {},
  });
  cleanup.push(server.stop);
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

// ---------------------------------------------------------------------------------------------
// Figures.

interface LoopRun {
  cycles: number;
  perSecond: number;
  cycleMs: Summary;
}

function printTable(r: {
  settings: typeof settings;
  environment: Environment;
  latency: Record<string, Summary>;
  latencyRatios: { p50: number; p95: number };
  taskListedOnFirstLook: number;
  sweep: { loops: number; ratio: number; platform: LoopRun & { phasesP50Ms: Record<string, number> }; baseline: LoopRun }[];
}): void {
  const ms = (v: number) => v.toFixed(1).padStart(9);
  const times = (v: number) => `${v.toFixed(2)}×`.padStart(9);
  const row = (label: string, s: Summary) => `  ${label.padEnd(52)}${ms(s.p50)}${ms(s.p95)}${ms(s.max)}`;
  const { latency: l } = r;
  const sweepRow = ({ loops, ratio, platform, baseline }: (typeof r.sweep)[number]) =>
    `  ${String(loops).padStart(5)}${platform.perSecond.toFixed(2).padStart(12)}${baseline.perSecond.toFixed(2).padStart(12)}${times(ratio)}` +
    `${ms(platform.cycleMs.p50).padStart(14)}${ms(baseline.cycleMs.p50).padStart(14)}`;
  console.log(`
Leave request benchmark: N=${r.settings.latencySamples}, loops ${r.settings.loops.join(', ')}, ${r.settings.seconds} s each, warm-up ${r.settings.warmup}
${r.environment.cpus} CPUs, Node ${r.environment.node}, load ${loadSummary(r.environment.loadAverage)}
Temporal: ${r.environment.temporal}; database: ${r.environment.database}

${'Latency (ms)'.padEnd(54)}${['p50', 'p95', 'max'].map((h) => h.padStart(9)).join('')}
${row('platform: submit → "tasks" event on manager\'s SSE (a)', l.platformSseMs!)}
${row('platform: submit → task listed by GET /api/tasks', l.platformListedMs!)}
${row('platform: POST /api/leave-requests answered (201)', l.platformSubmitAnsweredMs!)}
${row('baseline: workflow.start → activity started (b)', l.baselineActivityStartMs!)}
  ${'ratio (a) / (b)'.padEnd(52)}${times(r.latencyRatios.p50)}${times(r.latencyRatios.p95)}
  task already listed at the first GET after the event: ${r.taskListedOnFirstLook} of ${l.platformSseMs!.count}

Throughput: platform cycles (submit → task → approve → shown approved) against bare
start → update → activity → completed workflows, per second
  loops    platform    baseline    ratio  platform p50 ms  baseline p50 ms
${r.sweep.map(sweepRow).join('\n')}

Where a platform cycle's time goes (p50 ms of each step, warm-up included)
  loops${['submit', 'taskListed', 'approve', 'shownApproved'].map((h) => h.padStart(15)).join('')}
${r.sweep
  .map(
    ({ loops, platform }) =>
      `  ${String(loops).padStart(5)}${Object.values(platform.phasesP50Ms)
        .map((v) => ms(v).padStart(15))
        .join('')}`,
  )
  .join('\n')}`);
}

function loadSummary({ atStart, atEnd }: Environment['loadAverage']): string {
  return `${atStart[0]!.toFixed(1)} at start, ${atEnd[0]!.toFixed(1)} at end (1-min average)`;
}

// ---------------------------------------------------------------------------------------------

function wholeList(name: string, fallback: number[]): number[] {
  const text = process.env[name];
  if (text === undefined || text === '') return fallback;
  const values = text.split(',').map((part) => Number(part.trim()));
  if (values.some((v) => !Number.isInteger(v) || v < 1)) throw new Error(`${name} must list whole numbers of at least 1, not "${text}".`);
  return values;
}

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
