/**
 * The fault drill (`npm run drill`): the production shape here (durable PostgreSQL, Temporal on it,
 * two worker processes, the API process, an SMTP sink) pushes leave processes through submit and
 * decision over HTTP while a worker is SIGKILLed every few seconds, Temporal restarts once and
 * PostgreSQL restarts once; then it checks that nothing was lost or doubled.
 *
 *   npm run drill
 *   DRILL_PROCESSES=200 DRILL_LOOPS=8 DRILL_KILL_EVERY=5 npm run drill
 *
 * Exits non-zero when anything is lost or duplicated. Results go to bench/results/drill-*.json.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { availableParallelism, cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gitCommit, progress, whole } from '../bench/run-details.ts';
import { drillPassed, runLeaveDrill, type DrillResult } from './leave-drill.ts';
import { startProductionShape } from './production-shape.ts';

const settings = {
  processes: whole('DRILL_PROCESSES', 1000, 1),
  loops: whole('DRILL_LOOPS', 16, 1),
  killEverySeconds: whole('DRILL_KILL_EVERY', 5, 1),
  maxWorkerKills: Infinity,
  temporalRestartAt: 0.35,
  postgresRestartAt: 0.7,
  stepTimeoutMs: 180_000,
  settleTimeoutMs: 180_000,
};

const startedAt = new Date();
const loadAtStart = loadavg();
progress('starting PostgreSQL, Temporal on PostgreSQL, two workers, the API and a mail sink');
const shape = await startProductionShape({ log: progress });
let result: DrillResult;
try {
  result = await runLeaveDrill(shape, settings, progress);
} finally {
  await shape.stop();
}
const environment = {
  node: process.version,
  cpus: availableParallelism(),
  cpuModel: cpus()[0]?.model ?? null,
  // Other work on the machine (other helpers, builds) slows recovery; the figures say how loaded it was.
  loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
  commit: gitCommit(),
  database: 'embedded PostgreSQL, durable (fsync on)',
  temporal: 'Temporal server on PostgreSQL (temporal/postgres-server.ts)',
};
const report = { drill: 'leave', startedAt: startedAt.toISOString(), finishedAt: new Date().toISOString(), environment, ...result };
printTable(result, environment);
const file = fileURLToPath(new URL(`../bench/results/drill-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url));
await mkdir(join(file, '..'), { recursive: true });
await writeFile(file, `${JSON.stringify(report, (_key, value: unknown) => (value === Infinity ? null : value), 2)}\n`);
console.log(`\nWritten to ${file}`);
const passed = drillPassed(result);
console.log(passed ? 'Drill passed: nothing lost, nothing duplicated.' : 'Drill FAILED: something was lost or duplicated.');
process.exit(passed ? 0 : 1);

function printTable(r: DrillResult, env: typeof environment): void {
  const s = (ms: number | undefined) => (ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);
  const kinds = ['worker-kill', 'temporal-restart', 'postgres-restart'] as const;
  const rows: [string, string | number][] = [
    ['processes started', r.started],
    ['completed (approved in DB and workflow)', r.completed],
    ['lost', r.lost.length],
    ['workflow not showing approved', r.workflowsNotCompleted.length],
    ['duplicated tasks', r.duplicatedTasks],
    ['duplicated ledger rows', r.duplicatedLedgerRows],
    ['duplicated e-mails (same Message-ID twice)', r.duplicatedEmails],
    ['outbox rows / unsent', `${r.outboxRows} / ${r.outboxUnsent}`],
    ['e-mails received', r.emailsReceived],
    ['cycles given up by a loop', r.stepsGivenUp],
    ...kinds.map((k): [string, string] => [
      `${k}: count, slowest recovery`,
      `${r.faults.filter((f) => f.kind === k).length}, ${s(r.slowestRecoveryMs[k])}`,
    ]),
    ['retried answers', JSON.stringify(r.retries)],
    ['exits nobody asked for (restarted)', JSON.stringify(r.unexpectedExits)],
    ['duration of the loops', s(r.durationMs)],
    ['cycles per second (through the faults)', r.cyclesPerSecond.toFixed(2)],
  ];
  console.log(
    `\nLeave fault drill: ${r.settings.processes} processes, ${r.settings.loops} loops, a worker SIGKILL every ${r.settings.killEverySeconds} s;` +
      ` ${env.cpus} CPUs (${env.cpuModel}), Node ${env.node}, load ${env.loadAverage.atStart[0]!.toFixed(1)} → ${env.loadAverage.atEnd[0]!.toFixed(1)}\n`,
  );
  for (const [label, value] of rows) console.log(`  ${label.padEnd(46)}${String(value).padStart(24)}`);
}
