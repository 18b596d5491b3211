import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payrollRuns, tasks } from '../db/schema/index.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { eventually, type Platform } from './harness.ts';
import { pdfText } from './pdf-text.ts';
import { fixed, percentOf } from './payroll-steps.ts';

// A month's payroll in a real browser (see browser-platform.ts): HR starts the run on /payroll and
// watches its progress reach done without reloading, corrects a line (a refused correction first),
// submits the review in the inbox; finance approves in the inbox and downloads the bank file; the
// employee downloads their payslip's PDF from /payslips. Then every payroll page answers below 500
// for each of them. Each person signs in once (a second sign-in would wait for the next code).

// August 2031 has 21 weekdays and no Berlin holiday.
const period = '2031-08';
let web: BrowserPlatform;
let platform: Platform;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;

beforeAll(async () => {
  web = await startBrowserPlatform();
  platform = web.platform;
  // Set up as HR's API would leave it (tests/payroll.test.ts drives those routes): Eve earns 3,000.00
  // less 20 % tax, Carl 2,000.00; nobody else is employed for payroll.
  const { sql } = platform.database;
  const staff = [
    { key: 'employee', components: [fixed('base', 'Base salary', 300000), percentOf('tax', 'Income tax', 'base', 2000)] },
    { key: 'colleague', components: [fixed('base', 'Base salary', 200000)] },
  ];
  for (const { key, components } of staff) {
    await sql`insert into employments (employee_id, org_id, joined_on, iban)
              values (${person(key).id}, ${platform.org.orgId}, '2030-01-01', 'DE89370400440532013000')`;
    await sql`insert into salary_structures (org_id, employee_id, effective_from, components)
              values (${platform.org.orgId}, ${person(key).id}, '2030-01-01', ${JSON.stringify(components)}::jsonb)`;
  }
});

afterAll(async () => {
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await web?.stop();
});

const runId = () =>
  eventually(async () => {
    const [run] = await platform.database.db
      .select()
      .from(payrollRuns)
      .where(and(eq(payrollRuns.orgId, platform.org.orgId), eq(payrollRuns.period, period)));
    return run?.id;
  });

const openTaskOf = async (kind: string) => {
  const caseId = await runId();
  return eventually(async () => {
    const [row] = await platform.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.orgId, platform.org.orgId), eq(tasks.caseId, caseId), eq(tasks.kind, kind), eq(tasks.status, 'open')));
    return row;
  }, 30_000);
};

/** Opens the run's open task of this kind in the person's inbox, picks the choice and submits it. */
async function decideInInbox(key: string, kind: string, choice: string) {
  const page = await web.pageOf(key);
  const task = await openTaskOf(kind);
  await page.goto(`${web.appUrl}/inbox/${task.id}`);
  await page.getByLabel(choice, { exact: true }).check();
  await page.getByRole('button', { name: 'Submit decision' }).click();
  await page.waitForURL(`${web.appUrl}/inbox`);
}

const lineOf = (page: Page, key: string) => page.locator(`[data-testid="payroll-line"][data-employee="${person(key).id}"]`);

describe('a month’s payroll in the browser', () => {
  it('HR starts the run and watches it compute, corrects a line and submits the review in the inbox', async () => {
    const hr = await web.pageOf('hr');
    await hr.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payroll' }).click();
    await hr.waitForURL(/\/payroll$/);
    await hr.getByLabel('Month to run').fill(period);
    await hr.getByRole('button', { name: 'Start the run' }).click();
    await hr.waitForURL(`${web.appUrl}/payroll?period=${period}`);

    // No reload: the page asks again while the run computes.
    await expect.poll(() => hr.getByTestId('run-progress').innerText(), { timeout: 60_000 }).toMatch(/2 of 2 employees done/);
    await expect.poll(() => hr.getByTestId('run-stage').innerText(), { timeout: 30_000 }).toBe('HR review');
    expect(await hr.getByTestId('run-net').innerText()).toBe('4,400.00 EUR');

    // Two employees compute before a person could watch, so the row the page reads is set back to
    // halfway (the run waits in review and reads it no more): the page, never reloaded (the marker
    // survives), follows it to done on its own.
    const id = await runId();
    await platform.database.sql`update payroll_runs set status = 'computing', computed_count = 1 where id = ${id}`;
    await hr.reload();
    expect(await hr.getByTestId('run-progress').innerText()).toMatch(/1 of 2 employees done/);
    expect(await hr.getByTestId('run-stage').innerText()).toBe('Computing');
    await hr.evaluate(() => Object.assign(globalThis, { notReloaded: true }));
    await platform.database.sql`update payroll_runs set status = 'review', computed_count = 2 where id = ${id}`;
    await expect.poll(() => hr.getByTestId('run-stage').innerText(), { timeout: 10_000 }).toBe('HR review');
    expect(await hr.getByTestId('run-progress').innerText()).toMatch(/2 of 2 employees done/);
    expect(await hr.evaluate(() => (globalThis as { notReloaded?: boolean }).notReloaded)).toBe(true);
    expect(await lineOf(hr, 'employee').innerText()).toMatch(/21 \/ 21\s+3,000\.00 EUR\s+600\.00 EUR\s+2,400\.00 EUR/);

    // A correction without its reason is refused beside the field, keeping what was typed.
    const eve = lineOf(hr, 'employee');
    await eve.getByText('Correct or exclude').click();
    await eve.getByLabel(/^Unpaid days/).fill('1');
    await eve.getByRole('button', { name: 'Correct and recompute' }).click();
    await expect.poll(() => hr.locator(`#note-${person('employee').id}-error`).innerText()).toContain('say why');
    expect(await eve.getByLabel(/^Unpaid days/).inputValue()).toBe('1');

    // One unpaid day: 20 of 21 days; 3,000.00 × 20/21 = 2,857.142… → 2,857.14, tax 571.43, net 2,285.71.
    await eve.getByLabel(/^Why/).fill('Unpaid day off agreed by phone');
    await eve.getByRole('button', { name: 'Correct and recompute' }).click();
    await expect.poll(() => eve.getByTestId('line-net').innerText()).toBe('2,285.71 EUR');
    expect(await eve.innerText()).toMatch(/20 \/ 21/);
    expect(await eve.getByTestId('line-correction').innerText()).toContain('Unpaid day off agreed by phone');
    expect(await hr.getByTestId('run-net').innerText()).toBe('4,285.71 EUR');
    // HR does not pay: no bank file for them.
    expect(await hr.getByRole('link', { name: 'Download the bank file' }).count()).toBe(0);

    await decideInInbox('hr', 'payroll-review', 'Submit for approval');
  }, 180_000);

  it('finance approves in the inbox and downloads the bank file, whose total is the run’s net', async () => {
    await decideInInbox('finance', 'payroll-approval', 'Approve');
    const finance = await web.pageOf('finance');
    await finance.goto(`${web.appUrl}/payroll?period=${period}`);
    await expect
      .poll(
        async () => {
          const stage = await finance.getByTestId('run-stage').innerText();
          if (!stage.startsWith('Approved')) await finance.reload();
          return stage;
        },
        { timeout: 60_000 },
      )
      .toMatch(/^Approved/);
    const href = await finance.getByRole('link', { name: 'Download the bank file' }).getAttribute('href');
    const bank = await finance.request.get(`${web.appUrl}${href}`);
    expect(bank.status()).toBe(200);
    expect(bank.headers()['content-type']).toContain('text/csv');
    expect(await bank.text()).toContain('"TOTAL","","4285.71","EUR"');
  }, 120_000);

  it('the employee downloads their payslip as a PDF from their payslips page', async () => {
    const employee = await web.pageOf('employee');
    await employee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My payslips' }).click();
    await employee.waitForURL(/\/payslips$/);
    const link = employee.getByRole('link', { name: `Download the payslip for ${period}` });
    await expect
      .poll(
        async () => {
          const count = await link.count();
          if (count === 0) await employee.reload();
          return count;
        },
        { timeout: 30_000 },
      )
      .toBe(1);
    expect(await employee.getByTestId('payslip').innerText()).toContain('2,285.71 EUR');
    const pdf = await employee.request.get(`${web.appUrl}${await link.getAttribute('href')}`);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const text = pdfText(await pdf.body());
    expect(text).toContain(`Payslip for ${period}`);
    expect(text).toContain('Payable days: 20 of 21');
    expect(text).toContain('2,285.71 EUR');
    // Nobody else's payslip, and no payroll page, for an employee.
    expect(await employee.getByRole('link', { name: 'Payroll', exact: true }).count()).toBe(0);
  }, 60_000);

  it('answers every payroll page below 500 for everyone who signed in here, whatever the month or id', async () => {
    const paths = [
      '/payroll',
      `/payroll?period=${period}`,
      `/payroll?period=${period}&filter=sideways`,
      '/payroll?period=2031-13',
      '/payroll?period=1999-01',
      `/payroll/${period}/bank-file`,
      '/payroll/not-a-month/bank-file',
      '/payroll/1999-01/bank-file',
      '/payslips',
      `/payslips/${randomUUID()}/pdf`,
      '/payslips/not-an-id/pdf',
    ];
    for (const key of ['hr', 'finance', 'employee']) {
      const page = await web.pageOf(key);
      for (const path of paths) {
        const response = await page.request.get(`${web.appUrl}${path}`);
        expect({ key, path, status: response.status() < 500 }).toEqual({ key, path, status: true });
      }
    }
    expect((await (await web.pageOf('employee')).request.get(`${web.appUrl}/payroll`)).status()).toBe(403);
  }, 120_000);
});
