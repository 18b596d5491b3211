import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalaryComponent } from '../domain/payroll/structure.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';
import { payrollRunWorkflowId } from '../workflows/payroll/messages.ts';
import { pdfText } from './pdf-text.ts';
import { recordHistory } from './recorded-histories.ts';
import { complete, payrollTask, percentOf, runReachesReview, setUpEmployee } from './payroll-steps.ts';

// What happens around a run once it is final, on the real services: a line in error holds the
// review until it is fixed; an adjustment (a final run is never edited) goes into the next month's
// run, or an off-cycle run that pays adjustments alone, each once. Salaries are not prorated here,
// so no figure depends on the months' working days.
const first = '2032-01';
const second = '2032-02';
const offCycle = `${second}-off1`;

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let hr: SignedIn;
let finance: SignedIn;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;
const monthly = (amountMinor: number): SalaryComponent => ({
  code: 'base',
  name: 'Base salary',
  type: 'earning',
  rule: { kind: 'fixed', amountMinor, prorated: false },
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON from the API under test
type Json = Record<string, any>;
const lineOf = async (run: string, key: string): Promise<Json> =>
  (await hr.get(`/payroll/runs/${run}/lines`)).body.lines.find((l: Json) => l.employeeId === person(key).id);
const adjustment = async (id: string): Promise<Json> =>
  (await hr.get('/payroll/adjustments?status=all')).body.adjustments.find((a: Json) => a.id === id);

/**
 * Review submitted, approved by finance, payslips out, the transfer confirmed: the run is final. With
 * `RECORD_HISTORIES=1` its history is kept for the replay test beside the workflow.
 */
async function payOut(run: string, runId: string, history: string) {
  expect((await complete(hr, await payrollTask(hr, 'payroll-review', runId), { decision: 'submit' })).status).toBe(200);
  expect((await complete(finance, await payrollTask(finance, 'payroll-approval', runId), { decision: 'approve' })).status).toBe(200);
  expect((await complete(finance, await payrollTask(finance, 'payroll-payment', runId), { decision: 'paid' })).status).toBe(200);
  await eventually(async () => (await hr.get(`/payroll/runs/${run}`)).body.run.status === 'paid');
  const workflowId = payrollRunWorkflowId(platform.org.orgId, run);
  expect(await platform.temporal.workflow.getHandle(workflowId).result()).toMatchObject({ stage: 'paid' });
  await recordHistory(fileURLToPath(new URL('../workflows/payroll/histories/', import.meta.url)), history, workflowId);
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  [hr, finance] = await Promise.all([signIn(platform, 'hr'), signIn(platform, 'finance')]);
  // Eve: 3,000.00 less 20 % tax. Carl: employed, but his structure is missing at first.
  await setUpEmployee(hr, person('employee').id, { joinedOn: '2030-01-01' }, '2030-01-01', [
    monthly(300000),
    percentOf('tax', 'Income tax', 'base', 2000),
  ]);
  await setUpEmployee(hr, person('colleague').id, { joinedOn: '2030-01-01' });
});
afterAll(async () => {
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await platform?.stop();
});

describe('payroll after the run', () => {
  it('holds the review while a line has a set-up problem, until the set-up is fixed and the line recomputed', async () => {
    await platform.withWorker(async () => {
      const runId: string = (await hr.post('/payroll/runs', { period: first })).body.run.id;
      expect((await runReachesReview(hr, first)).counts).toMatchObject({ problems: 1 });
      const review = await payrollTask(hr, 'payroll-review', runId);
      const early = await complete(hr, review, { decision: 'submit' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain('One line has a set-up problem');

      // Recomputing before the fix changes nothing; after it, Carl's line is paid.
      expect((await hr.post(`/payroll/runs/${first}/recompute`, {})).body).toEqual({ recomputed: 1 });
      expect((await lineOf(first, 'colleague')).status).toBe('problem');
      await setUpEmployee(hr, person('colleague').id, { joinedOn: '2030-01-01' }, '2030-01-01', [monthly(200000)]);
      expect((await hr.post(`/payroll/runs/${first}/recompute`, { employeeId: 'carl' })).status).toBe(400);
      expect((await hr.post(`/payroll/runs/${first}/recompute`, { employeeId: person('colleague').id })).body).toEqual({ recomputed: 1 });
      expect(await lineOf(first, 'colleague')).toMatchObject({ status: 'computed', netMinor: 200000 });
      expect((await hr.get(`/payroll/runs/${first}`)).body.run.counts.problems).toBe(0);
      await payOut(first, runId, 'held-by-a-problem-until-recomputed-paid');
      // A final run takes no more commands.
      expect((await hr.post(`/payroll/runs/${first}/recompute`, {})).status).toBe(409);
    });
  });

  it('pays an adjustment in the next month’s run with its reason, once; an excluded line lets it go, a cancelled one is never paid', async () => {
    const id = crypto.randomUUID();
    const owed = {
      id,
      employeeId: person('employee').id,
      type: 'earning',
      amountMinor: 12500,
      reason: 'Overtime missed',
      correctsPeriod: first,
      target: 'next_run',
    };
    const added = await hr.post('/payroll/adjustments', owed);
    expect(added.status, JSON.stringify(added.body)).toBe(201);
    // The same click again records nothing more; the same id saying something else is refused.
    expect((await hr.post('/payroll/adjustments', owed)).status).toBe(200);
    expect((await hr.post('/payroll/adjustments', { ...owed, amountMinor: 99900 })).status).toBe(409);
    const bad = await hr.post('/payroll/adjustments', { ...owed, id: undefined, amountMinor: 0, reason: ' ', target: 'someday' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.details.map((d: { path: string }) => d.path).sort()).toEqual(['amountMinor', 'reason', 'target']);
    const employee = await signIn(platform, 'employee');
    expect((await employee.post('/payroll/adjustments', { ...owed, id: crypto.randomUUID() })).status).toBe(403);

    const dropped = (
      await hr.post('/payroll/adjustments', {
        ...owed,
        id: crypto.randomUUID(),
        employeeId: person('colleague').id,
        type: 'deduction',
        amountMinor: 5000,
        reason: 'Typed twice',
      })
    ).body.adjustment;
    expect((await hr.delete(`/payroll/adjustments/${dropped.id}`)).body.adjustment.status).toBe('cancelled');
    expect((await hr.get('/payroll/adjustments')).body.adjustments.map((a: Json) => a.id)).toEqual([id]);

    await platform.withWorker(async () => {
      const runId: string = (await hr.post('/payroll/runs', { period: second })).body.run.id;
      await runReachesReview(hr, second);
      const eve = await lineOf(second, 'employee');
      expect(eve).toMatchObject({ grossMinor: 312500, deductionsMinor: 60000, netMinor: 252500 });
      expect(eve.lines.at(-1)).toMatchObject({ name: `Adjustment for ${first}: Overtime missed`, type: 'earning', amountMinor: 12500 });
      expect(await lineOf(second, 'colleague')).toMatchObject({ netMinor: 200000 });
      expect(await adjustment(id)).toMatchObject({ status: 'applied', run: second });
      expect((await hr.delete(`/payroll/adjustments/${id}`)).status).toBe(409);

      // Out of the run, the adjustment waits for a later one; back in, this run pays it again.
      await hr.post(`/payroll/runs/${second}/lines/${person('employee').id}/exclusion`, { reason: 'Bank details wrong' });
      expect(await adjustment(id)).toMatchObject({ status: 'open', run: null });
      await hr.post(`/payroll/runs/${second}/lines/${person('employee').id}/exclusion`, { reason: null });
      expect(await adjustment(id)).toMatchObject({ status: 'applied', run: second });
      expect((await lineOf(second, 'employee')).netMinor).toBe(252500);

      await payOut(second, runId, 'adjustment-excluded-included-paid');
      const mail = await platform.mail.waitFor((m) => m.to.includes(person('employee').email) && m.subject.includes(second), 60_000);
      const text = pdfText(Buffer.from(mail.attachments![0]!.contentBase64, 'base64'));
      expect(text).toContain(`Adjustment for ${first}: Overtime missed`);
      expect(text).toContain('2,525.00 EUR');
    });
    expect(await adjustment(id)).toMatchObject({ status: 'applied', run: second });
  });

  it('pays off-cycle adjustments alone in an off-cycle run that a second start joins, and starts none with nothing waiting', async () => {
    const none = await hr.post('/payroll/runs', { period: second, offCycle: true });
    expect(none.status).toBe(409);
    expect(none.body.error.code).toBe('nothing_to_pay');
    const bonus = {
      id: crypto.randomUUID(),
      employeeId: person('colleague').id,
      type: 'earning',
      amountMinor: 70000,
      reason: 'Project bonus',
      correctsPeriod: null,
      target: 'off_cycle',
    };
    expect((await hr.post('/payroll/adjustments', bonus)).status).toBe(201);

    await platform.withWorker(async () => {
      const started = await hr.post('/payroll/runs', { period: second, offCycle: true });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      expect(started.body.run).toMatchObject({ key: offCycle, offCycle: true, label: `${second} off-cycle 1` });
      const again = await hr.post('/payroll/runs', { period: second, offCycle: true });
      expect(again.status).toBe(200);
      expect(again.body.run.id).toBe(started.body.run.id);

      const run = await runReachesReview(hr, offCycle);
      // Only Carl, and only his bonus: the salary was the month's run's.
      expect(run.progress).toEqual({ computed: 1, employees: 1 });
      expect(await lineOf(offCycle, 'colleague')).toMatchObject({
        grossMinor: 70000,
        deductionsMinor: 0,
        netMinor: 70000,
        previousNetMinor: null,
      });
      await payOut(offCycle, started.body.run.id, 'off-cycle-paid');

      const mail = await platform.mail.waitFor(
        (m) => m.to.includes(person('colleague').email) && m.subject.includes('off-cycle 1'),
        60_000,
      );
      const text = pdfText(Buffer.from(mail.attachments![0]!.contentBase64, 'base64'));
      expect(text).toContain(`Payslip for ${second} off-cycle 1`);
      expect(text).toContain('Adjustments paid outside');
      const rows = ((await finance.get(`/payroll/runs/${offCycle}/bank-file`)).body as string).trim().split('\r\n');
      expect(rows).toHaveLength(3);
      expect(rows[1]).toContain(`Adjustment ${offCycle}`);
      expect(rows.at(-1)).toContain('"TOTAL","","700.00","EUR"');
    });
    // Paid now: a new start finds nothing waiting, and Carl's payslips are the months' and the off-cycle one.
    expect((await hr.post('/payroll/runs', { period: second, offCycle: true })).status).toBe(409);
    const carl = await signIn(platform, 'colleague');
    const labels = (await carl.get('/payslips')).body.payslips.map((p: Json) => p.label);
    expect(labels).toEqual([`${second} off-cycle 1`, second, first]);
    const slips = await platform.database.sql`select count(*)::int as n from payslips where org_id = ${platform.org.orgId}`;
    expect(slips[0]!.n).toBe(5);
  });
});
