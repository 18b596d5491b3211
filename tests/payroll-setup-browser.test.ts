import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditLog, employments, payrollSettings, salaryStructures } from '../db/schema/index.ts';
import { payrollScheduleId } from '../temporal/payroll-schedules.ts';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import type { Platform } from './harness.ts';

// HR's payroll set-up in a real browser (see browser-platform.ts): an employee's employment (a
// refused leaving date first) and a salary structure with a percentage component (a percentage of
// an unknown component refused first, its error at its row), the same form without JavaScript, the
// payroll day, and the list of runs leading to a month's page. Then every set-up page answers below 500 for HR, finance and an
// employee, who is refused. Each person signs in once (a second sign-in would wait for the next code).

let web: BrowserPlatform;
let platform: Platform;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;

beforeAll(async () => {
  web = await startBrowserPlatform();
  platform = web.platform;
  // Two months as their runs leave them (no run computes here).
  const { sql } = platform.database;
  for (const [period, status] of [
    ['2031-02', 'paid'],
    ['2031-03', 'review'],
  ] as const) {
    await sql`insert into payroll_runs (org_id, period, status, currency, employee_count, computed_count, gross_minor, net_minor)
              values (${platform.org.orgId}, ${period}, ${status}, 'EUR', 2, 2, 500000, 440000)`;
  }
});

afterAll(async () => {
  await platform?.temporal.schedule
    .getHandle(payrollScheduleId(platform.org.orgId))
    .delete()
    .catch(() => undefined);
  await web?.stop();
});

const payrollNav = (page: Page) => page.getByRole('navigation', { name: 'Payroll' });
const row = (n: number) => `(component ${n})`;

describe('payroll set-up in the browser', () => {
  it('HR sets an employee’s employment and a structure with a percentage, seeing what is refused at its field', async () => {
    const hr = await web.pageOf('hr');
    const eve = person('employee');
    await hr.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Payroll' }).click();
    await hr.waitForURL(/\/payroll$/);
    await payrollNav(hr).getByRole('link', { name: 'Salary set-up' }).click();
    await hr.waitForURL(/\/payroll\/employees$/);
    const eveRow = hr.getByTestId('payroll-employee').filter({ hasText: 'Eve Employee' });
    expect(await eveRow.innerText()).toContain('Not employed for payroll');
    await eveRow.getByRole('link', { name: 'Eve Employee' }).click();
    await hr.waitForURL(`${web.appUrl}/payroll/employees/${eve.id}`);

    // Leaving before joining is refused beside the field, keeping what was typed.
    await hr.getByLabel('Joined on').fill('2030-01-01');
    await hr.getByLabel('Left on').fill('2029-12-31');
    await hr.getByLabel('IBAN').fill('DE89 3704 0044 0532 0130 00');
    await hr.getByRole('button', { name: 'Save the employment' }).click();
    await expect.poll(() => hr.locator('#leftOn-error').innerText()).toContain('must not be before the joining date');
    expect(await hr.getByLabel('IBAN').inputValue()).toBe('DE89 3704 0044 0532 0130 00');
    await hr.getByLabel('Left on').fill('');
    await hr.getByRole('button', { name: 'Save the employment' }).click();
    await expect.poll(() => hr.getByRole('status').innerText()).toBe('The employment is saved.');
    expect(await hr.getByTestId('not-employed').count()).toBe(0);
    const [employment] = await platform.database.db.select().from(employments).where(eq(employments.employeeId, eve.id));
    expect(employment).toMatchObject({ joinedOn: '2030-01-01', leftOn: null, iban: 'DE89370400440532013000' });

    // Base 3,000.00 and 20 % tax, first of a component that does not exist.
    await hr.getByLabel('In force from').fill('2031-01-01');
    await hr.getByLabel(`Code ${row(1)}`, { exact: true }).fill('base');
    await hr.getByLabel(`Name ${row(1)}`, { exact: true }).fill('Base salary');
    await hr.getByLabel(`Amount a month (EUR) ${row(1)}`, { exact: true }).fill('3000.00');
    await hr.getByRole('button', { name: 'Add a component' }).click();
    await hr.getByLabel(`Code ${row(2)}`, { exact: true }).fill('tax');
    await hr.getByLabel(`Name ${row(2)}`, { exact: true }).fill('Income tax');
    await hr.getByLabel(`Type ${row(2)}`, { exact: true }).selectOption('deduction');
    await hr.getByLabel(`Computed as ${row(2)}`, { exact: true }).selectOption('percentOf');
    // Only the chosen rule's fields show.
    expect(await hr.getByLabel(`Amount a month (EUR) ${row(2)}`, { exact: true }).isVisible()).toBe(false);
    await hr.getByLabel(`Percentage ${row(2)}`, { exact: true }).fill('20');
    await hr.getByLabel(`Of the component ${row(2)}`, { exact: true }).fill('bonus');
    await hr.getByRole('button', { name: 'Save the structure' }).click();
    await expect.poll(() => hr.locator('#components-1-error').innerText()).toContain('bonus');
    expect(await hr.getByRole('alert').innerText()).toContain('The structure was not saved');
    expect(await hr.getByLabel(`Percentage ${row(2)}`, { exact: true }).inputValue()).toBe('20');
    expect(await platform.database.db.select().from(salaryStructures).where(eq(salaryStructures.employeeId, eve.id))).toEqual([]);

    await hr.getByLabel(`Of the component ${row(2)}`, { exact: true }).fill('base');
    await hr.getByRole('button', { name: 'Save the structure' }).click();
    await expect.poll(() => hr.getByRole('status').innerText()).toBe('The structure from 2031-01-01 is saved.');
    const structure = hr.getByTestId('salary-structure');
    expect(await structure.getByRole('heading').innerText()).toBe('From Wed 1 Jan 2031');
    expect(await structure.getByTestId('structure-component').allInnerTexts()).toEqual([
      expect.stringMatching(/base\s+Base salary\s+Earning\s+3,000\.00 EUR a month, prorated by payable days/),
      expect.stringMatching(/tax\s+Income tax\s+Deduction\s+20 % of base/),
    ]);
    const [saved] = await platform.database.db.select().from(salaryStructures).where(eq(salaryStructures.employeeId, eve.id));
    expect(saved!.components).toEqual([
      { code: 'base', name: 'Base salary', type: 'earning', rule: { kind: 'fixed', amountMinor: 300000, prorated: true } },
      { code: 'tax', name: 'Income tax', type: 'deduction', rule: { kind: 'percentOf', of: 'base', basisPoints: 2000 } },
    ]);

    // The set-up list follows: the structure is in force once the suite's today reaches its day.
    await payrollNav(hr).getByRole('link', { name: 'Salary set-up' }).click();
    await hr.waitForURL(/\/payroll\/employees$/);
    expect(await eveRow.innerText()).toContain('Tue 1 Jan 2030');
    expect(await eveRow.getByTestId('structure-in-force').innerText()).toBe(
      platform.today >= '2031-01-01' ? 'From Wed 1 Jan 2031' : 'None',
    );
  }, 180_000);

  it('without JavaScript the structure form still posts, its rows fixed, a refusal beside the field of the row it came from', async () => {
    const admin = await web.newPage({ javaScriptEnabled: false });
    await web.signIn(admin, 'admin');
    const carl = person('colleague');
    await admin.goto(`${web.appUrl}/payroll/employees/${carl.id}`);
    expect(await admin.getByTestId('component-row').count()).toBe(5);
    expect(await admin.getByRole('button', { name: 'Add a component' }).count()).toBe(0);
    await admin.getByLabel('In force from').fill('2031-02-01');
    await admin.getByLabel(`Code ${row(1)}`, { exact: true }).fill('base');
    await admin.getByLabel(`Name ${row(1)}`, { exact: true }).fill('Base salary');
    await admin.getByLabel(`Amount a month (EUR) ${row(1)}`, { exact: true }).fill('2000');
    // Row 2 stays blank, so the API's component 1 is the form's row 3.
    await admin.getByLabel(`Code ${row(3)}`, { exact: true }).fill('Overtime!');
    await admin.getByLabel(`Name ${row(3)}`, { exact: true }).fill('Overtime');
    await admin.getByLabel(`Computed as ${row(3)}`, { exact: true }).selectOption('hoursTimesRate');
    await admin.getByLabel(`Rate an hour (EUR) ${row(3)}`, { exact: true }).fill('25.50');
    await admin.getByRole('button', { name: 'Save the structure' }).click();
    expect(await admin.locator('#components-2-code-error').innerText()).toContain('must be a short code');
    expect(await admin.getByLabel(`Rate an hour (EUR) ${row(3)}`, { exact: true }).inputValue()).toBe('25.50');

    await admin.getByLabel(`Code ${row(3)}`, { exact: true }).fill('overtime');
    await admin.getByRole('button', { name: 'Save the structure' }).click();
    expect(await admin.getByRole('status').innerText()).toBe('The structure from 2031-02-01 is saved.');
    const [saved] = await platform.database.db.select().from(salaryStructures).where(eq(salaryStructures.employeeId, carl.id));
    expect(saved!.components).toEqual([
      { code: 'base', name: 'Base salary', type: 'earning', rule: { kind: 'fixed', amountMinor: 200000, prorated: true } },
      { code: 'overtime', name: 'Overtime', type: 'earning', rule: { kind: 'hoursTimesRate', hours: 'overtime', rateMinor: 2550 } },
    ]);
  }, 120_000);

  it('HR changes the payroll day', async () => {
    const hr = await web.pageOf('hr');
    await payrollNav(hr).getByRole('link', { name: 'Settings' }).click();
    await hr.waitForURL(/\/payroll\/settings$/);
    expect(await hr.getByLabel('Currency').inputValue()).toBe('EUR');
    await hr.getByLabel('Payroll day').fill('20');
    await hr.getByRole('button', { name: 'Save the settings' }).click();
    await expect.poll(() => hr.getByRole('status').innerText()).toBe('The settings are saved.');
    await hr.reload();
    expect(await hr.getByLabel('Payroll day').inputValue()).toBe('20');
    const [settings] = await platform.database.db.select().from(payrollSettings).where(eq(payrollSettings.orgId, platform.org.orgId));
    expect(settings).toMatchObject({ currency: 'EUR', payrollDay: 20 });
  }, 60_000);

  it('HR sees the runs, newest first, each leading to its month; a month without a run records no denied access', async () => {
    const hr = await web.pageOf('hr');
    await payrollNav(hr).getByRole('link', { name: 'All runs' }).click();
    await hr.waitForURL(/\/payroll\/runs$/);
    expect(await hr.getByTestId('payroll-run').allInnerTexts()).toEqual([
      expect.stringMatching(/^2031-03\s+HR review\s+2\s+5,000\.00 EUR\s+0\.00 EUR\s+4,400\.00 EUR/),
      expect.stringMatching(/^2031-02\s+Paid\s/),
    ]);
    await hr.getByRole('link', { name: '2031-03' }).click();
    await hr.waitForURL(`${web.appUrl}/payroll?period=2031-03`);
    expect(await hr.getByTestId('run-stage').innerText()).toBe('HR review');

    const denied = () =>
      platform.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.actorId, person('hr').id), eq(auditLog.kind, 'access.denied')));
    const before = (await denied()).length;
    await hr.goto(`${web.appUrl}/payroll?period=1999-01`);
    expect(await hr.getByTestId('no-run').innerText()).toBe('No run for 1999-01 yet.');
    expect((await denied()).length).toBe(before);
  }, 60_000);

  it('answers every set-up page below 500 for HR, finance and an employee, who is refused', async () => {
    const paths = [
      '/payroll/runs',
      '/payroll/employees',
      `/payroll/employees/${person('employee').id}`,
      `/payroll/employees/${randomUUID()}`,
      '/payroll/employees/not-an-id',
      '/payroll/settings',
    ];
    for (const key of ['hr', 'finance', 'employee']) {
      const page = await web.pageOf(key);
      for (const path of paths) {
        const status = (await page.request.get(`${web.appUrl}${path}`)).status();
        expect({ key, path, below500: status < 500 }).toEqual({ key, path, below500: true });
        if (key === 'employee') expect({ path, status }).toEqual({ path, status: 403 });
      }
    }
    const finance = await web.pageOf('finance');
    await finance.goto(`${web.appUrl}/payroll`);
    expect(await payrollNav(finance).getByRole('link').allInnerTexts()).toEqual([
      'Month’s run',
      'All runs',
      'Salary set-up',
      'Adjustments',
      'Settings',
    ]);
  }, 120_000);
});
