import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { payrollRunId } from '../activities/payroll/run-id.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform } from './harness.ts';
import { complete, fixed, payrollTask, percentOf, runReachesReview, setUpEmployee } from './payroll-steps.ts';
import { startWorkerProcess } from './worker-process.ts';

// The real worker process is killed with SIGKILL while it computes a batch: the batch's transaction
// is waiting on the run's lock, which the test holds. The next worker takes the batch over once the
// dead one's heartbeats stop; the run then goes to payslips with every line, payslip and e-mail once.

const period = '2031-05';
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let worker: ChildProcess | null = null;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
});
afterAll(async () => {
  if (worker && worker.exitCode === null) worker.kill('SIGKILL');
  // The worker process put the organisation's payroll schedule in place; it leaves with the test.
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await platform?.stop();
});

const count = async (query: string) => Number((await platform.database.sql.unsafe(query, [platform.org.orgId]))[0]!.n);

it('a worker killed mid-compute leaves no duplicate line, payslip or e-mail', { timeout: 240_000 }, async () => {
  const [hr, finance] = [await signIn(platform, 'hr'), await signIn(platform, 'finance')];
  const people = ['employee', 'colleague', 'qa'] as const;
  for (const key of people) {
    await setUpEmployee(hr, platform.org.people[key].id, { joinedOn: '2030-01-01' }, '2030-01-01', [
      fixed('base', 'Base', 250000),
      percentOf('tax', 'Tax', 'base', 2000),
    ]);
  }

  // The run's lock, held: computePayrollBatch waits on it inside its transaction.
  const runId = payrollRunId(platform.org.orgId, period);
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const held = new Promise<void>((resolve) => (locked = resolve));
  const holding = platform.database.sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(hashtext(${`payroll-run:${runId}`}))`;
    locked();
    await released;
  });
  await held;

  worker = (await startWorkerProcess(platform, {})).child;
  expect((await hr.post('/payroll/runs', { period })).status).toBe(201);
  await eventually(async () => {
    const waiting = await platform.database.sql`
      select 1 from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%pg_advisory_xact_lock%' and pid <> pg_backend_pid()`;
    return waiting.length > 0;
  }, 60_000);
  worker.kill('SIGKILL');
  await once(worker, 'exit');
  release();
  await holding;

  await platform.withWorker(async () => {
    await runReachesReview(hr, period, 120_000);
    expect((await complete(hr, await payrollTask(hr, 'payroll-review', runId), { decision: 'submit' })).status).toBe(200);
    expect((await complete(finance, await payrollTask(finance, 'payroll-approval', runId), { decision: 'approve' })).status).toBe(200);
    await payrollTask(finance, 'payroll-payment', runId);
    for (const key of people)
      await platform.mail.waitFor((m) => m.to.includes(platform.org.people[key].email) && m.subject.includes(period), 60_000);
  });

  expect(await count(`select count(*) as n from payroll_lines where org_id = $1`)).toBe(3);
  expect(await count(`select count(*) as n from payroll_lines where org_id = $1 and status = 'computed'`)).toBe(3);
  expect(await count(`select count(*) as n from payslips where org_id = $1`)).toBe(3);
  expect(await count(`select count(*) as n from outbound_emails where org_id = $1 and key like 'payroll-%'`)).toBe(3);
  expect(platform.mail.messages().filter((m) => m.subject.includes(period))).toHaveLength(3);
  const [run] = await platform.database.sql`select computed_count, net_minor from payroll_runs where id = ${runId}`;
  expect(run).toMatchObject({ computed_count: 3, net_minor: '600000' });
});
