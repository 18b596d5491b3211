/**
 * A month's payroll compute for a whole organisation: employees seeded with salary structures, the
 * run started on Temporal and timed until every line is computed (the review is open), against the
 * same batches computed by a plain in-process loop with the same parallelism (no Temporal), and the
 * bare arithmetic (computePay over the employees in memory) as the floor.
 *
 *   npm run bench:payroll                       10,000 employees, Temporal on PostgreSQL
 *   BENCH_EMPLOYEES=1000 npm run bench:payroll
 *   BENCH_TEMPORAL=dev npm run bench:payroll     the dev server (SQLite) instead
 */
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { MockActivityEnvironment } from '@temporalio/testing';
import { sql } from 'drizzle-orm';
import { createPayrollActivities } from '../activities/payroll/index.ts';
import { payrollRunInput } from '../activities/payroll/start.ts';
import { seedOrganisation } from '../db/seed.ts';
import { computePay, type SalaryComponent } from '../domain/payroll/structure.ts';
import { payrollRunSearchAttributes, payrollRunWorkflowId } from '../workflows/payroll/messages.ts';
import { payrollRunWorkflow } from '../workflows/payroll/workflow.ts';
import { runBenchmark, startBenchPlatform, temporalChoice } from './bench-platform.ts';
import { progress, whole } from './run-details.ts';

const employees = whole('BENCH_EMPLOYEES', 10_000, 1);
const period = '2031-03';
const components: SalaryComponent[] = [
  { code: 'base', name: 'Base salary', type: 'earning', rule: { kind: 'fixed', amountMinor: 412_345, prorated: true } },
  { code: 'allowance', name: 'Allowance', type: 'earning', rule: { kind: 'percentOf', of: 'base', basisPoints: 750 } },
  { code: 'tax', name: 'Income tax', type: 'deduction', rule: { kind: 'percentOf', of: 'base', basisPoints: 2150 } },
  { code: 'social', name: 'Social contributions', type: 'deduction', rule: { kind: 'percentOf', of: 'allowance', basisPoints: 930 } },
];
const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;

await runBenchmark(async () => {
  const platform = await startBenchPlatform({ temporal: temporalChoice(), name: 'payroll' });
  const { db } = platform.database;
  const slug = `p${randomUUID().slice(0, 8)}`;
  const org = await seedOrganisation(db, { slug, name: `Payroll ${slug}`, password: 'bench-password-1', years: [2031] });
  progress(`seeding ${employees} employees with employments and salary structures`);
  await db.execute(sql`
    with made as (
      insert into users (org_id, email, name, password_hash, roles)
      select ${org.orgId}, 'e' || n || '@' || ${slug} || '.test', 'Employee ' || n, 'unused', '{staff}'
        from generate_series(1, ${employees}) n
      returning id)
    , employed as (insert into employments (employee_id, org_id, joined_on) select id, ${org.orgId}, '2030-01-01' from made returning employee_id)
    insert into salary_structures (org_id, employee_id, effective_from, components)
    select ${org.orgId}, employee_id, '2030-01-01', ${JSON.stringify(components)}::jsonb from employed`);

  const input = await payrollRunInput(db, org.orgId, period, null);
  progress(`computing the run on Temporal (${input.batchSize} a batch, ${input.parallelBatches} at once)`);
  const started = performance.now();
  await platform.temporal.workflow.start(payrollRunWorkflow, {
    workflowId: payrollRunWorkflowId(org.orgId, period),
    taskQueue: platform.config.temporal.taskQueue,
    args: [input],
    typedSearchAttributes: payrollRunSearchAttributes(org.orgId),
  });
  for (;;) {
    const [run] = await platform.database.sql`select status, computed_count, employee_count from payroll_runs where id = ${input.runId}`;
    if (run && run.status === 'review') break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const onTemporal = performance.now() - started;
  progress(`on Temporal: ${seconds(onTemporal)}; now the same batches in-process`);

  // The same activity code over the same batches, reset to pending, without Temporal.
  await platform.database.sql`update payroll_lines set status = 'pending' where run_id = ${input.runId}`;
  const activities = createPayrollActivities({ db, appUrl: platform.config.appUrl });
  const [shape] = await platform.database.sql`select max(batch) + 1 as batches from payroll_lines where run_id = ${input.runId}`;
  const batches = Number(shape!.batches);
  // An activity's context (for its heartbeats) without a worker or a server.
  const env = new MockActivityEnvironment();
  const loopStarted = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: input.parallelBatches }, async () => {
      while (next < batches) await env.run(activities.computePayrollBatch, { runId: input.runId, batch: next++ });
    }),
  );
  const inProcess = performance.now() - loopStarted;

  const arithmeticStarted = performance.now();
  for (let i = 0; i < employees; i++)
    computePay(components, { payableDays: 20 - (i % 3), periodDays: 20, overtimeHundredths: 0, workedHundredths: 0 });
  const arithmetic = performance.now() - arithmeticStarted;

  console.log(`
Payroll compute, ${employees} employees (${platform.temporalDescription}; ${platform.databaseDescription})
  on Temporal, start to review open:       ${seconds(onTemporal)}
  the same batches in-process (no Temporal): ${seconds(inProcess)}   (the computation with its database reads and writes)
  Temporal's share:                         ${seconds(Math.max(0, onTemporal - inProcess))}   (${Math.round((100 * Math.max(0, onTemporal - inProcess)) / onTemporal)} %)
  the arithmetic alone (computePay loop):   ${seconds(arithmetic)}   (the floor)`);
});
