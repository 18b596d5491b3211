/**
 * Client engagements pushed through the platform at once (engagement-cycle.ts: capture to the
 * client's acceptance, 10 stages, 12 tasks), at each concurrency of a sweep, side by side with the
 * leave process (leave-cycle.ts) on the same server in the same run: throughput (engagements/s,
 * stage transitions/s; leave cycles/s) and the inbox's latency (`GET /api/tasks` p50/p95) read by
 * a person while the load runs, against the same read with nothing running.
 *
 *   npm run bench:engagement                                 Temporal on PostgreSQL, loops 1, 4, 16
 *   BENCH_LOOPS=1,4 BENCH_SECONDS=20 npm run bench:engagement
 *   BENCH_TEMPORAL=dev npm run bench:engagement              the dev server (SQLite) instead
 *
 * Each loop is an organisation of its own (its sales, support, delivery and QA people, and a
 * client with a portal sign-in), so no loop waits on another's queue. Results go to
 * bench/results/engagement-*.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { seedOrganisation } from '../db/seed.ts';
import { onStop, runBenchmark, startBenchPlatform, temporalChoice, type BenchPlatform } from './bench-platform.ts';
import { engagementCycle, engagementPeople, quoteMailbox, signInEngagementTeam, type EngagementTeam } from './engagement-cycle.ts';
import type { HttpUser } from './http-user.ts';
import { leaveCycle } from './leave-cycle.ts';
import { runLoops, type LoopRun } from './loops.ts';
import {
  environmentNow,
  loadSummary,
  progress,
  summarise,
  whole,
  wholeList,
  workingDays,
  type Environment,
  type Summary,
} from './run-details.ts';
import { expectStatus } from './steps.ts';

const settings = {
  loops: wholeList('BENCH_LOOPS', [1, 4, 16]),
  seconds: whole('BENCH_SECONDS', 30, 1),
  warmup: whole('BENCH_WARMUP', 1, 0),
  idleSamples: whole('BENCH_N', 30, 1),
  temporal: temporalChoice(),
};
const password = 'bench-password-1';
/** Between two reads of the inbox by the person watching it: a person refreshing, not a load of its own. */
const inboxReadPauseMs = 100;

interface Sample {
  at: number;
  ms: number;
}

/** Reads the inbox one request after another until `until` settles; each read's latency. */
async function readInboxWhile(reader: HttpUser, until: Promise<unknown>): Promise<Sample[]> {
  let running = true;
  void until.finally(() => (running = false)).catch(() => {});
  const samples: Sample[] = [];
  while (running) {
    const at = performance.now();
    expectStatus(await reader.get('/tasks'), 200, 'GET /api/tasks');
    samples.push({ at, ms: performance.now() - at });
    await new Promise((resolve) => setTimeout(resolve, inboxReadPauseMs));
  }
  return samples;
}

/** Runs the loops with the inbox read beside them; the reads counted are those of the measured window. */
async function underLoad(concurrency: number, reader: HttpUser, cycle: (loop: number, measured: boolean) => Promise<void>) {
  const run = runLoops(concurrency, settings, cycle);
  const [loops, samples] = await Promise.all([run, readInboxWhile(reader, run)]);
  const inWindow = samples.filter((s) => s.at >= loops.window.from && s.at <= loops.window.to).map((s) => s.ms);
  return { loops, inboxMs: summarise(inWindow) };
}

interface Phase {
  loops: LoopRun;
  inboxMs: Summary;
}

interface SweepRow {
  loops: number;
  engagement: Phase & { engagementsPerSecond: number; transitions: number; transitionsPerSecond: number };
  leave: Phase & { cyclesPerSecond: number };
}

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const mailbox = quoteMailbox();
  const platform = await startBenchPlatform({ temporal: settings.temporal, name: 'engagement', onMail: (mail) => mailbox.receive(mail) });
  const teams = await seedTeams(platform);
  const holidays = new Set((await platform.database.sql<{ day: string }[]>`select day::text as day from holidays`).map((h) => h.day));
  const nextDay = workingDays(holidays);
  // The person watching their inbox: a delivery manager, who gets department approvals and leave requests.
  const reader = teams[0]!.people.manager;

  progress(`inbox with nothing running: ${settings.idleSamples} reads`);
  const idle: number[] = [];
  for (let i = 0; i < settings.idleSamples; i++) {
    const at = performance.now();
    expectStatus(await reader.get('/tasks'), 200, 'GET /api/tasks');
    idle.push(performance.now() - at);
  }

  const sweep: SweepRow[] = [];
  let started = 0;
  for (const concurrency of settings.loops) {
    progress(`${concurrency} loop(s): engagements for ${settings.seconds} s, then leave requests for as long`);
    const measuredIds: string[] = [];
    const engagement = await underLoad(concurrency, reader, async (loop, measured) => {
      const n = started++;
      const id = await engagementCycle(platform.baseUrl, teams[loop]!, mailbox, {
        label: `${platform.runId}-${n}`,
        // Each client answers from an address of their own, as the UI server passes it on.
        clientAddress: `10.${Math.floor(n / 65_536) % 256}.${Math.floor(n / 256) % 256}.${n % 256}`,
      });
      if (measured) measuredIds.push(id);
    });
    // Every stay entered, and the closing, of the engagements the window counted.
    const [{ stays }] = await platform.database.sql<[{ stays: number }]>`
      select count(*)::int as stays from engagement_stage_periods where engagement_id = any(${measuredIds}::uuid[])`;
    const transitions = stays + measuredIds.length;
    const leave = await underLoad(concurrency, reader, (loop) => leaveCycle(teams[loop]!.people, nextDay()));
    sweep.push({
      loops: concurrency,
      engagement: {
        ...engagement,
        engagementsPerSecond: engagement.loops.perSecond,
        transitions,
        transitionsPerSecond: transitions / engagement.loops.seconds,
      },
      leave: { ...leave, cyclesPerSecond: leave.loops.perSecond },
    });
  }

  const environment = environmentNow(loadAtStart, { database: platform.databaseDescription, temporal: platform.temporalDescription });
  const results = {
    benchmark: 'engagement',
    command: command(),
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    settings,
    environment,
    idleInboxMs: summarise(idle),
    sweep,
  };
  printTable(results);
  const file = fileURLToPath(new URL(`./results/engagement-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url));
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
  console.log(`\nWritten to ${file}`);
}

/** One organisation per loop, its people signed in (and enrolled) before any clock starts. */
async function seedTeams(platform: BenchPlatform): Promise<EngagementTeam[]> {
  const year = new Date().getUTCFullYear();
  const teams: EngagementTeam[] = [];
  const count = Math.max(...settings.loops);
  progress(`seeding ${count} organisation(s) and signing in ${engagementPeople.length} people in each`);
  for (let i = 0; i < count; i++) {
    const slug = `bench${platform.runId}${i}`;
    await seedOrganisation(platform.database.db, { slug, name: `Bench ${slug}`, password, years: [year, year + 1] });
    const team = await signInEngagementTeam(platform.baseUrl, platform.database.sql, slug, password);
    onStop(async () => Object.values(team.people).forEach((person) => person.close()));
    teams.push(team);
  }
  return teams;
}

/** The command as it was run, with the settings that were given. */
function command(): string {
  const given = ['BENCH_LOOPS', 'BENCH_SECONDS', 'BENCH_WARMUP', 'BENCH_N', 'BENCH_TEMPORAL']
    .filter((name) => process.env[name])
    .map((name) => `${name}=${process.env[name]}`);
  return [...given, 'npm run bench:engagement'].join(' ');
}

function printTable(r: { command: string; environment: Environment; idleInboxMs: Summary; sweep: SweepRow[] }): void {
  const ms = (s: Summary) => `${s.p50.toFixed(0)} / ${s.p95.toFixed(0)}`.padStart(13);
  const rate = (v: number) => v.toFixed(2).padStart(12);
  const row = ({ loops, engagement, leave }: SweepRow) =>
    `  ${String(loops).padStart(5)}${String(engagement.loops.cycles).padStart(8)}${rate(engagement.engagementsPerSecond)}` +
    `${rate(engagement.transitionsPerSecond)}${(engagement.loops.cycleMs.p50 / 1000).toFixed(1).padStart(10)}${ms(engagement.inboxMs)}` +
    `  ${String(leave.loops.cycles).padStart(6)}${rate(leave.cyclesPerSecond)}${ms(leave.inboxMs)}`;
  console.log(`
Engagement benchmark: ${r.command}
Server: ${r.environment.temporal}; database: ${r.environment.database}
${r.environment.cpus} cores, Node ${r.environment.node}, load ${loadSummary(r.environment.loadAverage)}, commit ${r.environment.commit ?? 'unknown'}

Inbox (GET /api/tasks) with nothing running, p50 / p95 ms: ${ms(r.idleInboxMs).trim()}

                         engagements                                            leave requests
  loops  done  engagements/s transitions/s  cycle p50 s  inbox p50/p95 ms   done   cycles/s  inbox p50/p95 ms
${r.sweep.map(row).join('\n')}

A transition is a stay entered or the closing: ${r.sweep[0] ? (r.sweep[0].engagement.transitions / Math.max(1, r.sweep[0].engagement.loops.cycles)).toFixed(0) : '11'} per engagement.`);
}

await runBenchmark(main);
