import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SalaryComponent } from '../domain/payroll/structure.ts';
import { payrollRunWorkflowId } from '../workflows/payroll/messages.ts';
import { createPayrollActivities } from '../activities/payroll/index.ts';
import { todayIn } from '../domain/calendar.ts';
import { scheduledPayrollWorkflow } from '../workflows/payroll/scheduled.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';
import { pdfText } from './pdf-text.ts';
import { recordHistory } from './recorded-histories.ts';
import { approvedLeave, complete, fixed, payrollTask, percentOf, runReachesReview, setUpEmployee } from './payroll-steps.ts';

// A month's payroll on the real services, with figures checked by hand. March 2031 has 21 weekdays;
// the test's holiday on Friday the 14th leaves 20 working days (Berlin's 8 March is a Saturday).
const period = '2031-03';
// `RECORD_HISTORIES=1` keeps the runs' histories for workflows/payroll/workflow.test.ts to replay.
const historiesDir = fileURLToPath(new URL('../workflows/payroll/histories/', import.meta.url));
const record = (name: string, workflowId: string) => recordHistory(historiesDir, name, workflowId);

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let hr: SignedIn;
let finance: SignedIn;
let employee: SignedIn;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;
const count = async (table: string) =>
  Number((await platform.database.sql.unsafe(`select count(*) as n from ${table} where org_id = $1`, [platform.org.orgId]))[0]!.n);
const lineOf = (lines: { employeeId: string }[], key: string) => lines.find((l) => l.employeeId === person(key).id) as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API under test

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  [hr, finance, employee] = await Promise.all([signIn(platform, 'hr'), signIn(platform, 'finance'), signIn(platform, 'employee')]);
  await platform.database
    .sql`insert into holidays (org_id, day, name) values (${platform.org.orgId}, '2031-03-14', 'Test holiday') on conflict do nothing`;
});
afterAll(async () => {
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await platform?.stop();
});

describe('salary set-up', () => {
  it('refuses negative amounts, a percentage of an unknown component and a cycle, and keeps the payroll day on a schedule', async () => {
    const id = person('employee').id;
    const negative = await hr.post(`/payroll/employees/${id}/structures`, {
      effectiveFrom: '2031-01-01',
      components: [fixed('base', 'Base', -1)],
    });
    expect(negative.status).toBe(400);
    const unknown = await hr.post(`/payroll/employees/${id}/structures`, {
      effectiveFrom: '2031-01-01',
      components: [fixed('base', 'Base', 1000), percentOf('tax', 'Tax', 'bonus', 1000)],
    });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.details[0].message).toContain('bonus');
    const cycle = await hr.post(`/payroll/employees/${id}/structures`, {
      effectiveFrom: '2031-01-01',
      components: [percentOf('a', 'A', 'b', 1000), percentOf('b', 'B', 'a', 1000)],
    });
    expect(cycle.status).toBe(422);
    expect(cycle.body.error.details.map((d: { message: string }) => d.message).join()).toContain('circle');
    expect(await count('salary_structures')).toBe(0);
    // An employee sees no one's salary, their own set-up included.
    expect((await employee.get(`/payroll/employees/${id}`)).status).toBe(403);

    expect((await hr.put('/payroll/settings', { currency: 'EUR', payrollDay: 29 })).status).toBe(400);
    expect((await hr.put('/payroll/settings', { currency: 'EUR', payrollDay: 27 })).status).toBe(200);
    const schedule = await platform.temporal.schedule.getHandle(payrollScheduleId(platform.org.orgId)).describe();
    expect(schedule.spec.calendars?.[0]?.dayOfMonth).toEqual([{ start: 27, end: 27, step: 1 }]);
  });
});

describe('a month’s run', () => {
  it('computes hand-checked lines, goes through review, a send-back and four-eyed approval, and pays once', async () => {
    // Eve: the whole month; base 3,000.00, tax 20 % of it, overtime at 25.00 an hour (none recorded).
    const overtime: SalaryComponent = {
      code: 'overtime',
      name: 'Overtime',
      type: 'earning',
      rule: { kind: 'hoursTimesRate', hours: 'overtime', rateMinor: 2500 },
    };
    const eve = [fixed('base', 'Base salary', 300000), overtime, percentOf('tax', 'Income tax', 'base', 2000)];
    await setUpEmployee(hr, person('employee').id, { joinedOn: '2030-01-01' }, '2031-01-01', eve);
    // Carl joins on the 17th: 11 of 20 days; 1,234.57 × 11/20 = 679.0135 → 679.01; tax 19.5 % → 132.4095 → 132.41.
    const carl = [fixed('base', 'Base salary', 123457), percentOf('tax', 'Income tax', 'base', 1950)];
    await setUpEmployee(hr, person('colleague').id, { joinedOn: '2031-03-17' }, '2031-03-17', carl);
    // Quinn takes a day of unpaid leave (and a day of paid leave, which costs nothing): 19 of 20.
    const quinn = [fixed('base', 'Base salary', 200000), percentOf('social', 'Social contributions', 'base', 930)];
    await setUpEmployee(hr, person('qa').id, { joinedOn: '2029-05-01' }, '2030-01-01', quinn);
    await approvedLeave(platform, person('qa').id, 'unpaid', '2031-03-05');
    await approvedLeave(platform, person('qa').id, 'annual', '2031-03-12');
    // Theo has no structure; Sam's (written past the API's checks) goes round in a circle; Alex is excluded.
    await setUpEmployee(hr, person('lead').id, { joinedOn: '2029-01-01' });
    await setUpEmployee(hr, person('closer').id, { joinedOn: '2029-01-01' });
    await platform.database.sql`
      insert into salary_structures (org_id, employee_id, effective_from, components)
      values (${platform.org.orgId}, ${person('closer').id}, '2030-01-01',
              ${JSON.stringify([percentOf('a', 'A', 'b', 100), percentOf('b', 'B', 'a', 100)])}::jsonb)`;
    await setUpEmployee(hr, person('agent').id, { joinedOn: '2029-01-01' }, '2030-01-01', [fixed('base', 'Base', 100000)]);
    // Someone who left in February is not in March's run.
    await setUpEmployee(hr, person('support-agent').id, { joinedOn: '2029-01-01', leftOn: '2031-02-28' });

    await platform.withWorker(async () => {
      const started = await hr.post('/payroll/runs', { period });
      expect(started.status, JSON.stringify(started.body)).toBe(201);
      const again = await hr.post('/payroll/runs', { period });
      expect(again.status).toBe(200);
      expect(again.body.run.id).toBe(started.body.run.id);
      const runId: string = started.body.run.id;

      const run = await runReachesReview(hr, period);
      expect(run.progress).toEqual({ computed: 6, employees: 6 });
      expect(run.counts).toMatchObject({ problems: 2 });
      expect((await employee.get(`/payroll/runs/${period}`)).status).toBe(403);

      const { lines } = (await hr.get(`/payroll/runs/${period}/lines`)).body;
      // A page at a time: four, then the other two after the fourth, in the same order as all at once.
      const first = (await hr.get(`/payroll/runs/${period}/lines?limit=4`)).body;
      expect(first.lines).toHaveLength(4);
      const rest = (await hr.get(`/payroll/runs/${period}/lines?limit=4&after=${first.next}`)).body;
      expect(rest.next).toBeNull();
      expect([...first.lines, ...rest.lines].map((l: { employeeId: string }) => l.employeeId)).toEqual(
        lines.map((l: { employeeId: string }) => l.employeeId),
      );
      expect((await hr.get(`/payroll/runs/${period}/lines?limit=0`)).status).toBe(400);
      expect(lineOf(lines, 'employee')).toMatchObject({
        status: 'computed',
        payableDays: 20,
        periodDays: 20,
        grossMinor: 300000,
        deductionsMinor: 60000,
        netMinor: 240000,
      });
      expect(lineOf(lines, 'colleague')).toMatchObject({ payableDays: 11, grossMinor: 67901, deductionsMinor: 13241, netMinor: 54660 });
      expect(lineOf(lines, 'qa')).toMatchObject({ payableDays: 19, grossMinor: 190000, deductionsMinor: 17670, netMinor: 172330 });
      expect(lineOf(lines, 'lead')).toMatchObject({ status: 'problem', netMinor: null });
      expect(lineOf(lines, 'lead').problems[0].message).toContain('no salary structure');
      expect(lineOf(lines, 'closer').problems[0].message).toContain('circle');
      const problems = (await hr.get(`/payroll/runs/${period}/lines?filter=problem`)).body.lines;
      expect(problems.map((l: { employeeId: string }) => l.employeeId).sort()).toEqual([person('lead').id, person('closer').id].sort());

      // HR corrects Eve's overtime (3.5 h × 25.00 = 87.50) and excludes Alex with a reason.
      const corrected = await hr.post(`/payroll/runs/${period}/lines/${person('employee').id}/correction`, {
        overtimeHundredths: 350,
        note: 'Overtime from the paper sheet',
      });
      expect(corrected.status, JSON.stringify(corrected.body)).toBe(200);
      expect((await hr.post(`/payroll/runs/${period}/lines/${person('agent').id}/exclusion`, { reason: '' })).status).toBe(400);
      expect(
        (await hr.post(`/payroll/runs/${period}/lines/${person('agent').id}/exclusion`, { reason: 'Left without notice' })).status,
      ).toBe(200);
      const reviewed = (await hr.get(`/payroll/runs/${period}/lines`)).body.lines;
      expect(lineOf(reviewed, 'employee')).toMatchObject({ overtimeHundredths: 350, grossMinor: 308750, netMinor: 248750 });
      expect(lineOf(reviewed, 'agent')).toMatchObject({ status: 'excluded', excludedReason: 'Left without notice' });
      expect((await hr.get(`/payroll/runs/${period}`)).body.run.totals).toEqual({
        grossMinor: 566651,
        deductionsMinor: 90911,
        netMinor: 475740,
      });

      const review = await payrollTask(hr, 'payroll-review', runId);
      expect((await hr.get(`/tasks/${review.id}`)).body.panel.run.totals.netMinor).toBe(475740);
      // Theo's and Sam's lines still have set-up problems: the review waits until they are fixed or out.
      const early = await complete(hr, review, { decision: 'submit' });
      expect(early.status).toBe(409);
      expect(early.body.error.message).toContain('2 lines have a set-up problem');
      for (const key of ['lead', 'closer']) {
        const out = await hr.post(`/payroll/runs/${period}/lines/${person(key).id}/exclusion`, { reason: 'Set-up next month' });
        expect(out.status, JSON.stringify(out.body)).toBe(200);
      }
      expect((await complete(hr, review, { decision: 'submit' })).status).toBe(200);
      const approval = await payrollTask(finance, 'payroll-approval', runId);
      expect((await complete(finance, approval, { decision: 'send_back', reason: 'Check the overtime' })).status).toBe(200);

      // Back with HR, who now also holds finance's role: whoever submits it still cannot approve it.
      const again2 = await payrollTask(hr, 'payroll-review', runId);
      expect(again2.id).not.toBe(review.id);
      await platform.database.sql`update users set roles = '{hr,finance}' where id = ${person('hr').id}`;
      expect((await complete(hr, again2, { decision: 'submit', comment: 'Checked' })).status).toBe(200);
      const second = await payrollTask(finance, 'payroll-approval', runId);
      expect((await hr.post(`/tasks/${second.id}/complete`, { values: { decision: 'approve' } })).status).not.toBe(200);
      await platform.database.sql`update users set roles = '{hr}' where id = ${person('hr').id}`;
      expect((await complete(finance, second, { decision: 'approve' })).status).toBe(200);

      // A payslip e-mail with its PDF to each of the three paid, nobody else.
      const mail = await platform.mail.waitFor((m) => m.to.includes(person('employee').email) && m.subject.includes(period), 60_000);
      const attachment = mail.attachments![0]!;
      expect(attachment.contentType).toBe('application/pdf');
      const text = pdfText(Buffer.from(attachment.contentBase64, 'base64'));
      expect(text).toContain('Payslip for 2031-03');
      expect(text).toContain('Payable days: 20 of 20');
      expect(text).toContain('Overtime');
      expect(text).toContain('3,087.50 EUR');
      expect(text).toContain('2,487.50 EUR');
      await platform.mail.waitFor((m) => m.to.includes(person('colleague').email) && m.subject.includes(period), 30_000);
      await platform.mail.waitFor((m) => m.to.includes(person('qa').email) && m.subject.includes(period), 30_000);

      const payment = await payrollTask(finance, 'payroll-payment', runId);
      // The bank file: one line per payslip, and its total the run's net.
      expect((await hr.get(`/payroll/runs/${period}/bank-file`)).status).toBe(403);
      const bank = await finance.get(`/payroll/runs/${period}/bank-file`);
      expect(bank.status).toBe(200);
      const rows = (bank.body as string).trim().split('\r\n');
      expect(rows).toHaveLength(5);
      expect(rows[0]).toBe('name,iban,amount,currency,reference');
      const amounts = rows.slice(1, -1).map((r) => Math.round(Number(r.split(',')[2]!.replaceAll('"', '')) * 100));
      expect(amounts.reduce((a, b) => a + b, 0)).toBe(475740);
      expect(rows.at(-1)).toContain('"TOTAL","","4757.40","EUR"');
      expect((await complete(finance, payment, { decision: 'paid' })).status).toBe(200);
      await eventually(async () => (await hr.get(`/payroll/runs/${period}`)).body.run.status === 'paid');
      const workflowId = payrollRunWorkflowId(platform.org.orgId, period);
      expect(await platform.temporal.workflow.getHandle(workflowId).result()).toMatchObject({ stage: 'paid' });
      await record('corrected-excluded-sent-back-approved-paid', workflowId);

      // Starting the month again joins the finished run: nothing is paid twice.
      const afterPaid = await hr.post('/payroll/runs', { period });
      expect(afterPaid.status).toBe(200);
      expect(afterPaid.body.run.id).toBe(runId);
    });
    expect(await count('payslips')).toBe(3);
    expect(
      Number(
        (
          await platform.database
            .sql`select count(*) as n from outbound_emails where org_id = ${platform.org.orgId} and key like ${'payroll-%:payslip:%'}`
        )[0]!.n,
      ),
    ).toBe(3);
    expect(platform.mail.messages().filter((m) => m.subject.includes(period))).toHaveLength(3);
  });

  it('shows an employee their own payslips only', async () => {
    const mine = await employee.get('/payslips');
    expect(mine.body.payslips).toHaveLength(1);
    expect(mine.body.payslips[0]).toMatchObject({ period, payableDays: 20, netMinor: 248750 });
    const pdf = await employee.get(`/payslips/${mine.body.payslips[0].id}/pdf`);
    expect(pdf.status).toBe(200);
    expect(pdf.headers.get('content-type')).toBe('application/pdf');
    const colleague = await signIn(platform, 'colleague');
    const theirs = (await colleague.get('/payslips')).body.payslips[0];
    expect((await employee.get(`/payslips/${theirs.id}/pdf`)).status).toBe(404);
  });

  it('a start by the schedule joins the month started by hand', async () => {
    await platform.withWorker(async () => {
      const byHand = await hr.post('/payroll/runs', { period: '2031-04' });
      expect(byHand.status).toBe(201);
      const workflowId = `payroll-schedule-test-${platform.org.orgId}`;
      const scheduled = await platform.temporal.workflow.execute(scheduledPayrollWorkflow, {
        workflowId,
        taskQueue: platform.config.temporal.taskQueue,
        args: [{ orgId: platform.org.orgId, period: '2031-04' }],
      });
      expect(scheduled).toEqual({ workflowId: `payroll-${platform.org.orgId}-2031-04`, joined: true });
      expect(
        Number(
          (
            await platform.database.sql`select count(*) as n from payroll_runs where org_id = ${platform.org.orgId} and period = '2031-04'`
          )[0]!.n,
        ),
      ).toBe(1);
      await record('scheduled-start-joined-run-by-hand', workflowId);
      await runReachesReview(hr, '2031-04');
    });
  });

  it('started by its schedule, runs the month the schedule meant, by the organisation’s clock', async () => {
    await platform.withWorker(async () => {
      const schedule = platform.temporal.schedule.getHandle(payrollScheduleId(platform.org.orgId));
      await schedule.trigger();
      const action = await eventually(async () => (await schedule.describe()).info.recentActions[0]);
      const handle = platform.temporal.workflow.getHandle(action.action.workflow.workflowId);
      const [org] = await platform.database.sql`select time_zone from organizations where id = ${platform.org.orgId}`;
      const month = todayIn(org!.time_zone as string, action.scheduledAt).slice(0, 7);
      expect(await handle.result()).toEqual({ workflowId: payrollRunWorkflowId(platform.org.orgId, month), joined: false });
      await record('scheduled-start-by-its-schedule', action.action.workflow.workflowId);
      await runReachesReview(hr, month);
    });
    // Near a month's end the organisation's clock decides, not UTC's: in Berlin 23:30 UTC on 31 May is June.
    const { payrollStartInput } = createPayrollActivities({ db: platform.database.db, appUrl: 'http://127.0.0.1' });
    await platform.database.sql`update organizations set time_zone = 'Europe/Berlin' where id = ${platform.org.orgId}`;
    expect((await payrollStartInput({ orgId: platform.org.orgId, at: '2031-05-31T23:30:00.000Z' })).period).toBe('2031-06');
    expect((await payrollStartInput({ orgId: platform.org.orgId, at: '2031-05-31T21:30:00.000Z' })).period).toBe('2031-05');
  });
});
