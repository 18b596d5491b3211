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
 *   BENCH_CPU_PROFILE=latency.cpuprofile npm run bench:leave   the latency phase's CPU profile
 *   BENCH_PROFILE_DIR=/tmp/prof npm run bench:leave       each platform process's CPU profile
 *
 * PostgreSQL and Temporal start fresh (Temporal's databases on the same embedded PostgreSQL, fsync
 * off) and stop at the end, unless DATABASE_URL and TEMPORAL_ADDRESS point at running ones.
 */
import { randomUUID } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { WithStartWorkflowOperation, type Client } from '@temporalio/client';
import { seedOrganisation } from '../db/seed.ts';
import { leaveStatusQuery } from '../workflows/leave/messages.ts';
import { approvalWorkflow, approveUpdate, oneActivityWorkflow, recordedLocallyWorkflow, submitUpdate } from './baseline-workflows.ts';
import { runBenchmark, onStop, startBenchPlatform, startBenchProcess, temporalChoice } from './bench-platform.ts';
import { profiled } from './cpu-profile.ts';
import { signInOverHttp } from './http-user.ts';
import { approveLeave, leaveCycle, leavePhases, submitLeave, type LeavePhase, type LeaveTeam } from './leave-cycle.ts';
import { runLoops, type LoopRun } from './loops.ts';
import {
  environmentNow,
  loadSummary,
  monotonicMs,
  progress,
  summarise,
  whole,
  wholeList,
  workingDays,
  type Environment,
  type Summary,
} from './run-details.ts';
import { eventually, findTask, stepTimeoutMs, waitFor, within } from './steps.ts';

const settings = {
  latencySamples: whole('BENCH_N', 30, 1),
  loops: wholeList('BENCH_LOOPS', [1, 4, 16, 64]),
  seconds: whole('BENCH_SECONDS', 15, 1),
  warmup: whole('BENCH_WARMUP', 3, 0),
  temporal: temporalChoice(),
};
const password = 'bench-password-1';

interface Team extends LeaveTeam {
  slug: string;
}

interface Bench {
  temporal: Client;
  teams: Team[];
  baselineTaskQueue: string;
  nextDay(): string;
  databaseDescription: string;
  temporalDescription: string;
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const bench = await startBench();
  const { temporal, teams, baselineTaskQueue } = bench;
  const [latencyTeam] = teams as [Team];

  // Alternating, so a change in the machine's load during the run weighs on both sides alike.
  progress(`latency: ${settings.warmup} warm-up + ${settings.latencySamples} samples, platform and baseline alternating`);
  const pairs = await profiled(() =>
    repeat(settings.warmup, settings.latencySamples, async () => ({
      platform: await platformLatencySample(temporal, latencyTeam, bench.nextDay()),
      baselineMs: await baselineLatencySample(temporal, baselineTaskQueue),
      updateWithStartMs: await updateWithStartLatencySample(temporal, baselineTaskQueue),
    })),
  );
  const platform = pairs.map((p) => p.platform);
  const latency = {
    platformSseMs: summarise(platform.map((s) => s.sseMs)),
    platformListedMs: summarise(platform.map((s) => s.listedMs)),
    platformSubmitAnsweredMs: summarise(platform.map((s) => s.submitAnsweredMs)),
    baselineActivityStartMs: summarise(pairs.map((p) => p.baselineMs)),
    bareUpdateWithStartLocalMs: summarise(pairs.map((p) => p.updateWithStartMs)),
  };

  const sweep = [];
  for (const loops of settings.loops) {
    progress(`throughput at ${loops} loop(s): platform, then baseline, ${settings.seconds} s each`);
    const cyclePhases = new Map<LeavePhase, number[]>(leavePhases.map((name) => [name, []]));
    const platformCycles = await runLoops(loops, settings, (loop) =>
      leaveCycle(teams[loop]!, bench.nextDay(), (name, ms) => cyclePhases.get(name)!.push(ms)),
    );
    const phases = Object.fromEntries([...cyclePhases].map(([name, ms]) => [name, summarise(ms).p50]));
    const baselineCycles = await runLoops(loops, settings, () => baselineCycle(temporal, baselineTaskQueue));
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
    environment: environmentNow(loadAtStart, { database: bench.databaseDescription, temporal: bench.temporalDescription }),
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
  // All on this process's clock, as the event's arrival is (http-user.ts).
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
  await approveLeave(team.manager, task.id);
  if ((await closedEvent.arrival) === null) throw new Error(`No 'tasks' event reached the manager after approving ${requestId}.`);
  await eventually(
    async () => (await temporal.workflow.getHandle(`leave-${requestId}`).query(leaveStatusQuery)) === 'approved',
    `leave-${requestId} to be approved`,
  );

  return { day, sseMs: announced - started, listedMs: listed - started, submitAnsweredMs: answered - started, listedOnFirstLook };
}

async function baselineLatencySample(temporal: Client, taskQueue: string): Promise<number> {
  const workflowId = `bench-one-activity-${randomUUID()}`;
  const started = monotonicMs();
  const handle = await temporal.workflow.start(oneActivityWorkflow, { taskQueue, workflowId });
  const reached = await within(handle.result(), `the activity of ${workflowId} to start`);
  return reached - started;
}

/** The platform's submit pattern, bare: update-with-start → its local activity starts. */
async function updateWithStartLatencySample(temporal: Client, taskQueue: string): Promise<number> {
  const workflowId = `bench-recorded-${randomUUID()}`;
  const started = monotonicMs();
  const startWorkflowOperation = new WithStartWorkflowOperation(recordedLocallyWorkflow, {
    taskQueue,
    workflowId,
    workflowIdConflictPolicy: 'FAIL',
  });
  await temporal.workflow.executeUpdateWithStart(submitUpdate, { startWorkflowOperation });
  const reached = await within((await startWorkflowOperation.workflowHandle()).result(), `the local activity of ${workflowId} to start`);
  return reached - started;
}

// ---------------------------------------------------------------------------------------------
// 2. Throughput: whole submit → approve cycles (leave-cycle.ts), against start → update → one activity → done.

async function baselineCycle(temporal: Client, taskQueue: string): Promise<void> {
  const handle = await temporal.workflow.start(approvalWorkflow, { taskQueue, workflowId: `bench-approval-${randomUUID()}` });
  await handle.executeUpdate(approveUpdate);
  await handle.result();
}

async function repeat<T>(warmup: number, samples: number, sample: () => Promise<T>): Promise<T[]> {
  for (let i = 0; i < warmup; i++) await sample();
  const results: T[] = [];
  for (let i = 0; i < samples; i++) results.push(await sample());
  return results;
}

// ---------------------------------------------------------------------------------------------
// Setting up: the platform (bench-platform.ts), and the bare workflows' worker process beside it.

async function startBench(): Promise<Bench> {
  const platform = await startBenchPlatform({ temporal: settings.temporal, name: 'leave' });
  const baselineTaskQueue = `bench-baseline-${platform.runId}`;
  await startBenchProcess(
    'baseline worker',
    'bench/baseline-worker.ts',
    { ...platform.env, TEMPORAL_NAMESPACE: platform.config.temporal.namespace, BASELINE_TASK_QUEUE: baselineTaskQueue },
    'baseline worker: polling',
  );

  // One organisation per loop: each loop is a team of its own, so no loop waits on another's events.
  const { database, baseUrl, runId } = platform;
  const year = new Date().getUTCFullYear();
  const teams: Team[] = [];
  for (let i = 0; i < Math.max(...settings.loops); i++) {
    const slug = `bench${runId}${i}`;
    await seedOrganisation(database.db, { slug, name: `Bench ${slug}`, password, years: [year, year + 1] });
    const employee = await signInOverHttp(baseUrl, `employee@${slug}.test`, password);
    onStop(async () => employee.close());
    const manager = await signInOverHttp(baseUrl, `manager@${slug}.test`, password);
    onStop(async () => manager.close());
    teams.push({ slug, employee, manager });
  }
  const holidays = new Set((await database.sql<{ day: string }[]>`select day::text as day from holidays`).map((h) => h.day));
  return {
    temporal: platform.temporal,
    teams,
    baselineTaskQueue,
    nextDay: workingDays(holidays),
    databaseDescription: platform.databaseDescription,
    temporalDescription: platform.temporalDescription,
  };
}

// ---------------------------------------------------------------------------------------------
// Figures.

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
${row('bare update-with-start → local activity started', l.bareUpdateWithStartLocalMs!)}
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

await runBenchmark(main);
