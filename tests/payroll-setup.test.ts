import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { organizations } from '../db/schema/index.ts';
import { addCalendarDays } from '../domain/calendar.ts';
import { signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';
import { fixed, setUpEmployee } from './payroll-steps.ts';

// The lists behind HR's payroll pages: the organisation's runs and the people's set-up. No run
// computes here (the run rows are written as the workflow leaves them), so no worker needs a bundle.

let platform: Platform;
let hr: SignedIn;
let finance: SignedIn;
let employee: SignedIn;
let otherOrgId: string;

const person = (key: string) => platform.org.people[key as keyof typeof platform.org.people]!;

beforeAll(async () => {
  platform = await startPlatform({ bundle: { code: '' } });
  [hr, finance, employee] = await Promise.all([signIn(platform, 'hr'), signIn(platform, 'finance'), signIn(platform, 'employee')]);
  const [other] = await platform.database.db
    .insert(organizations)
    .values({ name: `Other ${randomUUID().slice(0, 8)}` })
    .returning();
  otherOrgId = other!.id;
});
afterAll(() => platform?.stop());

async function insertRun(orgId: string, period: string, values: { status: string; net: number; approvedAt?: string; paidAt?: string }) {
  await platform.database.sql`
    insert into payroll_runs (org_id, period, status, currency, employee_count, computed_count, gross_minor, deductions_minor,
                              net_minor, approved_at, paid_at)
    values (${orgId}, ${period}, ${values.status}, 'EUR', 3, 3, ${values.net + 1000}, 1000, ${values.net},
            ${values.approvedAt ?? null}, ${values.paidAt ?? null})`;
}

describe('the list of payroll runs', () => {
  it('lists the organisation’s runs, the newest month first, with their stage, counts and totals, to HR and finance', async () => {
    await insertRun(platform.org.orgId, '2030-11', {
      status: 'paid',
      net: 500000,
      approvedAt: '2030-11-26T10:00:00Z',
      paidAt: '2030-11-27T10:00:00Z',
    });
    await insertRun(platform.org.orgId, '2031-01', { status: 'review', net: 700000 });
    await insertRun(platform.org.orgId, '2030-12', { status: 'approved', net: 600000, approvedAt: '2030-12-24T10:00:00Z' });
    // Another organisation's month would sort first if it leaked.
    await insertRun(otherOrgId, '2031-02', { status: 'review', net: 1 });

    const { status, body } = await hr.get('/payroll/runs');
    expect(status).toBe(200);
    expect(body.runs.map((r: { period: string }) => r.period)).toEqual(['2031-01', '2030-12', '2030-11']);
    expect(body.runs[2]).toMatchObject({
      period: '2030-11',
      status: 'paid',
      currency: 'EUR',
      progress: { computed: 3, employees: 3 },
      totals: { grossMinor: 501000, deductionsMinor: 1000, netMinor: 500000 },
      approvedAt: '2030-11-26T10:00:00.000Z',
      paidAt: '2030-11-27T10:00:00.000Z',
    });
    expect(body.runs[0]).toMatchObject({ status: 'review', approvedAt: null, paidAt: null });
    expect((await finance.get('/payroll/runs')).body.runs).toEqual(body.runs);
  });

  it('refuses an employee without payroll:run', async () => {
    const { status, body } = await employee.get('/payroll/runs');
    expect(status).toBe(403);
    expect(body.error.code).toBe('forbidden');
  });
});

describe('the set-up list', () => {
  it('shows each active person with their employment and the structure in force today, and no clients', async () => {
    const today = platform.today;
    // Eve: employed, a structure in force since last month and a raise from next month.
    await setUpEmployee(hr, person('employee').id, { joinedOn: addCalendarDays(today, -400) }, addCalendarDays(today, -30), [
      fixed('base', 'Base salary', 300000),
    ]);
    const raise = await hr.post(`/payroll/employees/${person('employee').id}/structures`, {
      effectiveFrom: addCalendarDays(today, 30),
      components: [fixed('base', 'Base salary', 320000)],
    });
    expect(raise.status).toBe(201);
    // Carl joins next month with his structure from then: none in force yet.
    await setUpEmployee(
      hr,
      person('colleague').id,
      { joinedOn: addCalendarDays(today, 30), leftOn: addCalendarDays(today, 400) },
      addCalendarDays(today, 30),
      [fixed('base', 'Base salary', 200000)],
    );

    const { status, body } = await hr.get('/payroll/employees');
    expect(status).toBe(200);
    expect(body.today).toBe(today);
    const entryOf = (key: string) => body.employees.find((e: { id: string }) => e.id === person(key).id);
    expect(entryOf('employee')).toEqual({
      id: person('employee').id,
      name: 'Eve Employee',
      email: person('employee').email,
      employment: { joinedOn: addCalendarDays(today, -400), leftOn: null },
      structureInForceFrom: addCalendarDays(today, -30),
    });
    expect(entryOf('colleague')).toMatchObject({
      employment: { joinedOn: addCalendarDays(today, 30), leftOn: addCalendarDays(today, 400) },
      structureInForceFrom: null,
    });
    expect(entryOf('qa')).toMatchObject({ name: 'Quinn Qa', employment: null, structureInForceFrom: null });
    expect(entryOf('client')).toBeUndefined();
    const names = body.employees.map((e: { name: string }) => e.name);
    expect(names).toEqual([...names].sort((a: string, b: string) => a.localeCompare(b, 'en')));
    expect((await finance.get('/payroll/employees')).status).toBe(200);
  });

  it('leaves out deactivated people and refuses an employee without payroll:run', async () => {
    await platform.database.sql`update users set active = false where id = ${person('agent').id}`;
    const { body } = await hr.get('/payroll/employees');
    expect(body.employees.map((e: { id: string }) => e.id)).not.toContain(person('agent').id);
    expect(body.employees.map((e: { id: string }) => e.id)).toContain(person('closer').id);
    const refused = await employee.get('/payroll/employees');
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
  });
});
