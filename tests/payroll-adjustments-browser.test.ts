import { randomUUID } from 'node:crypto';
import { and, eq, isNotNull } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { payrollAdjustments } from '../db/schema/index.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { eventually, type Platform } from './harness.ts';
import { fixed } from './payroll-steps.ts';

// Payroll adjustments in a real browser (see browser-platform.ts): HR adds one for the next run (a
// refused one first), records one twice from the same form and cancels it, finds no off-cycle run
// to start, then adds an off-cycle one and starts its run; a view left open from before cannot
// cancel what the run took. Then every state of the page answers below 500 for HR and 403 for an
// employee.

// A month no other test's run uses; nothing here depends on today's date.
const month = '2033-03';
const offCycleRun = `${month}-off1`;
let web: BrowserPlatform;
let platform: Platform;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;

beforeAll(async () => {
  web = await startBrowserPlatform();
  platform = web.platform;
  // Eve and Carl employed for payroll (only they can be chosen), as HR's set-up pages would leave
  // them; Carl's structure too, so his off-cycle line computes.
  const { sql } = platform.database;
  for (const key of ['employee', 'colleague']) {
    await sql`insert into employments (employee_id, org_id, joined_on, iban)
              values (${person(key).id}, ${platform.org.orgId}, '2030-01-01', 'DE89370400440532013000')`;
  }
  await sql`insert into salary_structures (org_id, employee_id, effective_from, components)
            values (${platform.org.orgId}, ${person('colleague').id}, '2030-01-01',
                    ${JSON.stringify([fixed('base', 'Base salary', 200000)])}::jsonb)`;
});

afterAll(async () => {
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await web?.stop();
});

const rowOf = (page: Page, reason: string) => page.getByTestId('adjustment').filter({ hasText: reason });

/** Fills the add form; `target` is the choice's label. */
async function fillAdjustment(
  page: Page,
  {
    employee,
    amount,
    reason,
    corrects = '',
    target = 'The next run',
  }: { employee: string; amount: string; reason: string; corrects?: string; target?: string },
) {
  await page.getByLabel('Employee').selectOption({ label: person(employee).name });
  await page.getByLabel('Amount').fill(amount);
  await page.getByLabel('Reason').fill(reason);
  await page.getByLabel('Month it corrects').fill(corrects);
  await page.getByLabel(target, { exact: true }).check();
}

/** A form action posted as a browser without JavaScript would (a page back, not JSON), from the page's own origin. */
const postForm = (page: Page, action: string, form: Record<string, string>) =>
  page.request.post(`${web.appUrl}/payroll/adjustments?/${action}`, { form, headers: { origin: web.appUrl, accept: 'text/html' } });

describe('payroll adjustments in the browser', () => {
  it('HR adds an adjustment for the next run after one refused beside its amount, and sees it open', async () => {
    const hr = await web.pageOf('hr');
    await hr.goto(`${web.appUrl}/payroll/adjustments`);
    await fillAdjustment(hr, { employee: 'employee', amount: '0', reason: 'Overtime missed', corrects: '2033-02' });
    await hr.getByRole('button', { name: 'Add the adjustment' }).click();
    await expect.poll(() => hr.locator('#adjustment-amount-error').innerText()).toContain('more than nothing');
    // Kept as typed: only the amount needs another look.
    expect(await hr.getByLabel('Reason').inputValue()).toBe('Overtime missed');
    expect(await hr.getByLabel('Month it corrects').inputValue()).toBe('2033-02');
    expect(await hr.getByLabel('Employee').inputValue()).toBe(person('employee').id);

    await hr.getByLabel('Amount').fill('125.00');
    await hr.getByRole('button', { name: 'Add the adjustment' }).click();
    await expect.poll(() => hr.getByRole('status').innerText()).toContain(`The adjustment for ${person('employee').name} was recorded`);
    const row = rowOf(hr, 'Overtime missed');
    expect(await row.innerText()).toMatch(/Earning\s+125\.00 EUR\s+Overtime missed\s+2033-02\s+Next run\s+Open/);
    expect(await hr.locator('#adjustment-amount-error').count()).toBe(0);
  }, 120_000);

  it('records a form posted twice once, and HR cancels it', async () => {
    const hr = await web.pageOf('hr');
    await hr.goto(`${web.appUrl}/payroll/adjustments`);
    const id = await hr.getByTestId('add-form').locator('input[name="id"]').inputValue();
    const typedTwice = {
      id,
      employeeId: person('colleague').id,
      type: 'deduction',
      amount: '50',
      reason: 'Typed twice',
      correctsPeriod: '',
      target: 'next_run',
    };
    for (let click = 0; click < 2; click++) expect((await postForm(hr, 'add', typedTwice)).status()).toBe(200);
    // This organisation's only: other test files share the database and may use the same words.
    const recorded = await platform.database.db
      .select()
      .from(payrollAdjustments)
      .where(and(eq(payrollAdjustments.orgId, platform.org.orgId), eq(payrollAdjustments.reason, 'Typed twice')));
    expect(recorded.map((a) => ({ id: a.id, amountMinor: a.amountMinor }))).toEqual([{ id, amountMinor: 5000 }]);

    await hr.reload();
    const row = rowOf(hr, 'Typed twice');
    expect(await row.innerText()).toMatch(/Deduction\s+50\.00 EUR\s+Typed twice\s+—\s+Next run\s+Open/);
    await row.getByRole('button', { name: /^Cancel the adjustment for/ }).click();
    await expect.poll(() => hr.getByRole('status').innerText()).toContain('cancelled');
    expect(await row.count()).toBe(0);
    expect(await rowOf(hr, 'Overtime missed').count()).toBe(1);

    await hr.getByRole('link', { name: 'Cancelled', exact: true }).click();
    await hr.waitForURL(`${web.appUrl}/payroll/adjustments?status=cancelled`);
    expect(await rowOf(hr, 'Typed twice').getByTestId('adjustment-status').innerText()).toBe('Cancelled');
  }, 120_000);

  it('starts an off-cycle run only with an off-cycle adjustment waiting, lands on the run, and cannot cancel what it took', async () => {
    const hr = await web.pageOf('hr');
    await hr.goto(`${web.appUrl}/payroll/adjustments`);
    const start = () => hr.getByRole('button', { name: `Start the off-cycle run for ${month}` }).click();
    await hr.getByLabel('Month', { exact: true }).fill(month);
    await start();
    await expect.poll(() => hr.getByRole('alert').innerText()).toContain('No adjustment waits for an off-cycle run');
    expect(hr.url()).toBe(`${web.appUrl}/payroll/adjustments`);

    await fillAdjustment(hr, { employee: 'colleague', amount: '700', reason: 'Project bonus', target: 'An off-cycle run' });
    await hr.getByRole('button', { name: 'Add the adjustment' }).click();
    await expect.poll(() => rowOf(hr, 'Project bonus').innerText()).toMatch(/700\.00 EUR\s+Project bonus\s+—\s+Off-cycle run\s+Open/);

    // A second tab keeps the list as it was before the run.
    const before = await hr.context().newPage();
    await before.goto(`${web.appUrl}/payroll/adjustments`);

    await hr.getByLabel('Month', { exact: true }).fill(month);
    await start();
    await hr.waitForURL(`${web.appUrl}/payroll?period=${offCycleRun}`, { timeout: 60_000 });
    // The off-cycle run's own page: its name, and (once computed, without a reload) Carl's bonus alone.
    await expect.poll(() => hr.getByRole('heading', { name: `The run for ${month} off-cycle 1` }).count()).toBe(1);
    await expect.poll(() => hr.getByTestId('run-stage').innerText(), { timeout: 60_000 }).toBe('HR review');
    expect(await hr.getByTestId('line-net').allInnerTexts()).toEqual([expect.stringContaining('700.00')]);

    await eventually(async () => {
      const [taken] = await platform.database.db
        .select()
        .from(payrollAdjustments)
        .where(and(eq(payrollAdjustments.reason, 'Project bonus'), isNotNull(payrollAdjustments.appliedRunId)));
      return taken;
    }, 60_000);
    await rowOf(before, 'Project bonus')
      .getByRole('button', { name: /^Cancel/ })
      .click();
    await expect
      .poll(() => before.getByTestId('cancel-refused').innerText())
      .toContain(`The payroll run ${offCycleRun} holds this adjustment`);
    await before.close();

    await hr.goto(`${web.appUrl}/payroll/adjustments?status=applied`);
    const applied = rowOf(hr, 'Project bonus');
    expect(await applied.getByTestId('adjustment-status').innerText()).toBe(`In the run ${offCycleRun}`);
    expect(await applied.getByRole('link', { name: offCycleRun }).getAttribute('href')).toBe(`/payroll?period=${offCycleRun}`);
  }, 180_000);

  it('answers every state of the page below 500 for HR and 403 for an employee, and says when the list is cut', async () => {
    // More cancelled ones than the list shows at once.
    await platform.database.sql`
      insert into payroll_adjustments (org_id, employee_id, type, amount_minor, reason, target, cancelled_at)
      select ${platform.org.orgId}, ${person('employee').id}, 'earning', 100, 'Bulk ' || n, 'next_run', now()
      from generate_series(1, 501) as n`;
    const hr = await web.pageOf('hr');
    await hr.goto(`${web.appUrl}/payroll/adjustments?status=cancelled`);
    expect(await hr.getByTestId('adjustments-more').innerText()).toContain('Only the newest 500 are shown');
    expect(await hr.getByTestId('adjustment').count()).toBe(500);

    const paths = ['', '?status=open', '?status=applied', '?status=cancelled', '?status=all', '?status=sideways'];
    const posts: [string, Record<string, string>][] = [
      [
        'add',
        { id: randomUUID(), employeeId: 'nobody', type: 'bonus', amount: 'lots', reason: '', correctsPeriod: '2033-13', target: 'later' },
      ],
      [
        'add',
        {
          id: 'not-an-id',
          employeeId: person('employee').id,
          type: 'earning',
          amount: '1',
          reason: 'x',
          correctsPeriod: '',
          target: 'later',
        },
      ],
      ['cancel', { id: randomUUID() }],
      ['cancel', { id: 'not-an-id' }],
      ['offCycle', { period: 'soon' }],
      ['offCycle', { period: month }],
    ];
    const employee = await web.pageOf('employee');
    for (const path of paths) {
      const asHr = await hr.request.get(`${web.appUrl}/payroll/adjustments${path}`);
      expect({ path, status: asHr.status() }).toEqual({ path, status: 200 });
      const asEmployee = await employee.request.get(`${web.appUrl}/payroll/adjustments${path}`);
      expect({ path, status: asEmployee.status() }).toEqual({ path, status: 403 });
    }
    for (const [action, form] of posts) {
      const asHr = await postForm(hr, action, form);
      expect({ action, form, below500: asHr.status() < 500 }).toEqual({ action, form, below500: true });
      const asEmployee = await postForm(employee, action, form);
      expect({ action, form, status: asEmployee.status() }).toEqual({ action, form, status: 403 });
    }
  }, 180_000);
});
