import { randomUUID } from 'node:crypto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { addDays, formatISO, isWeekend, nextMonday, parseISO } from 'date-fns';
import Holidays from 'date-holidays';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { runCreateAdmin } from './create-admin-command.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Leave administration: leave types, the holiday calendar, yearly allocations, and what they fix
// (a silly range, a fresh organisation without any of it, next year's balance). The API's clock is
// pinned to an explicit day, so nothing here depends on when it runs.

// Well clear of the years the harness seeds (this one and the next), whenever the suite runs.
const year = new Date().getUTCFullYear() + 5;
const today = `${year}-03-03`;
const iso = (day: Date) => formatISO(day, { representation: 'date' });
const plus = (day: string, days: number) => iso(addDays(parseISO(day), days));

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let admin: SignedIn;
let hr: SignedIn;
let employee: SignedIn;

/** The library's public holidays of a place and year, one per date, as the test reads the library itself. */
const libraryHolidayDays = (country: string, region: string | null, forYear: number) =>
  new Set(
    (region ? new Holidays(country, region) : new Holidays(country))
      .getHolidays(forYear)
      .filter((h) => h.type === 'public')
      .map((h) => h.date.slice(0, 10)),
  );

const countOf = async (query: string, params: unknown[]) =>
  Number((await platform.database.sql.unsafe(`select count(*) as n from ${query}`, params as never[]))[0]!.n);
const rowsOfOrg = (table: string, orgId = platform.org.orgId) => countOf(`${table} where org_id = $1`, [orgId]);

const leaveForm = (over: Record<string, unknown> = {}) => ({
  leaveTypeCode: 'annual',
  startDate: plus(today, 30),
  endDate: plus(today, 30),
  startHalfDay: false,
  endHalfDay: false,
  reason: 'Family visit',
  ...over,
});

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle, now: () => new Date(`${today}T09:00:00Z`) });
  admin = await signIn(platform, 'admin');
  hr = await signIn(platform, 'hr');
  employee = await signIn(platform, 'employee');
});
afterAll(() => platform?.stop());

describe('the length of a request', () => {
  it('refuses more working days than the leave type allows, naming endDate, and saves nothing', async () => {
    const before = await rowsOfOrg('leave_requests');
    // Unpaid leave allows 90 working days in the seed; 20 weeks is about 100.
    const tooLong = await employee.post('/leave-requests', leaveForm({ leaveTypeCode: 'unpaid', endDate: plus(today, 30 + 7 * 20) }));
    expect(tooLong.status).toBe(422);
    expect(tooLong.body.error.details).toEqual([
      expect.objectContaining({ path: 'endDate', message: expect.stringMatching(/at most 90 working days/) }),
    ]);
    const preview = await employee.post(
      '/leave-requests/preview',
      leaveForm({ leaveTypeCode: 'unpaid', endDate: plus(today, 30 + 7 * 20) }),
    );
    expect(preview.body.violations.map((v: { path: string }) => v.path)).toEqual(['endDate']);
    expect(await rowsOfOrg('leave_requests')).toBe(before);
  });

  it('refuses a 10,000-day range before counting its days, saving nothing', async () => {
    const before = await rowsOfOrg('leave_requests');
    const started = Date.now();
    const silly = await employee.post('/leave-requests', leaveForm({ leaveTypeCode: 'unpaid', endDate: plus(plus(today, 30), 9_999) }));
    expect(silly.status).toBe(422);
    expect(silly.body.error.details).toEqual([
      expect.objectContaining({ path: 'endDate', message: expect.stringMatching(/366 calendar days/) }),
    ]);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(await rowsOfOrg('leave_requests')).toBe(before);
  });
});

describe('leave types', () => {
  it('lets an administrator create, change and retire a type; refusals save nothing', async () => {
    const before = await rowsOfOrg('leave_types');
    const badInputs = [
      { code: 'Parental Leave', name: 'Parental leave', hasBalance: true, maxDays: 20 },
      { code: 'parental', name: 'Parental leave', hasBalance: true, maxDays: 0 },
      { code: 'parental', name: 'Parental leave', hasBalance: true, maxDays: 400 },
      { code: 'parental', name: '', hasBalance: true, maxDays: 20 },
      { code: 'parental', name: 'Parental leave', maxDays: 20 },
    ];
    for (const input of badInputs) expect((await admin.post('/admin/leave-types', input)).status).toBe(400);
    expect((await admin.post('/admin/leave-types', { code: 'annual', name: 'Again', hasBalance: true, maxDays: 5 })).status).toBe(409);
    expect(await rowsOfOrg('leave_types')).toBe(before);

    const created = await admin.post('/admin/leave-types', { code: 'parental', name: 'Parental leave', hasBalance: true, maxDays: 20 });
    expect(created.status).toBe(201);
    expect(created.body.leaveType).toEqual({
      code: 'parental',
      name: 'Parental leave',
      hasBalance: true,
      paid: true,
      maxDays: 20,
      active: true,
    });
    // Payroll pays a type's days by its `paid`: left out, a type without a balance is unpaid; it can be set either way.
    const sabbatical = await admin.post('/admin/leave-types', { code: 'sabbatical', name: 'Sabbatical', hasBalance: false, maxDays: 60 });
    expect(sabbatical.body.leaveType).toMatchObject({ hasBalance: false, paid: false });
    expect((await admin.patch('/admin/leave-types/sabbatical', { paid: true })).body.leaveType).toMatchObject({ paid: true });
    expect((await admin.patch('/admin/leave-types/sabbatical', { paid: 'yes' })).status).toBe(400);
    expect((await employee.get('/leave-types')).body.leaveTypes.map((t: { code: string }) => t.code)).toContain('parental');

    const renamed = await admin.patch('/admin/leave-types/parental', { code: 'family', name: 'Family leave', maxDays: 25 });
    expect(renamed.body.leaveType).toMatchObject({ code: 'family', name: 'Family leave', maxDays: 25 });
    // Requests and allocations name their type by code: a code in use stays.
    const inUse = await admin.patch('/admin/leave-types/annual', { code: 'holiday' });
    expect(inUse.status).toBe(409);
    expect(inUse.body.error.details).toEqual([expect.objectContaining({ path: 'code' })]);
    expect((await admin.patch('/admin/leave-types/family', { code: 'sick' })).status).toBe(409);
    expect((await admin.patch('/admin/leave-types/nonesuch', { name: 'x' })).status).toBe(404);

    expect((await admin.patch('/admin/leave-types/family', { active: false })).body.leaveType.active).toBe(false);
    expect((await employee.get('/leave-types')).body.leaveTypes.map((t: { code: string }) => t.code)).not.toContain('family');
    const retired = await employee.post('/leave-requests/preview', leaveForm({ leaveTypeCode: 'family' }));
    expect(retired.body.violations).toContainEqual(
      expect.objectContaining({ path: 'leaveTypeCode', message: expect.stringMatching(/retired/) }),
    );

    const audit = await admin.get('/admin/audit?kind=leave_type.updated');
    expect(audit.body.entries.length).toBeGreaterThanOrEqual(2);
  });

  it('holds a shorter maximum for a type as soon as it is changed', async () => {
    expect((await hr.patch('/admin/leave-types/sick', { maxDays: 2 })).status).toBe(200);
    const monday = iso(nextMonday(parseISO(plus(today, 60))));
    const wholeWeek = await employee.post(
      '/leave-requests/preview',
      leaveForm({ leaveTypeCode: 'sick', startDate: monday, endDate: plus(monday, 4) }),
    );
    expect(wholeWeek.body.violations).toContainEqual(
      expect.objectContaining({ path: 'endDate', message: expect.stringMatching(/at most 2 working days/) }),
    );
    expect((await hr.patch('/admin/leave-types/sick', { maxDays: 60 })).status).toBe(200);
  });
});

describe('the holiday calendar', () => {
  it('fills a year from the public holiday library for the organisation’s country and region, twice without duplicates', async () => {
    expect((await admin.patch('/admin/holiday-region', { country: 'XX', region: null })).status).toBe(422);
    expect((await admin.patch('/admin/holiday-region', { country: 'GB', region: 'NOWHERE' })).status).toBe(422);
    expect((await admin.patch('/admin/holiday-region', { country: 'gb', region: 'sct' })).body).toEqual({ country: 'GB', region: 'SCT' });
    const places = await admin.get('/admin/holiday-places?country=GB');
    expect(places.body.regions).toContainEqual({ code: 'SCT', name: expect.any(String) });

    const expected = libraryHolidayDays('GB', 'SCT', year);
    const first = await admin.post('/admin/holidays/fill', { year });
    expect(first.status).toBe(200);
    expect(first.body.added).toBe(expected.size);
    expect(new Set(first.body.holidays.map((h: { day: string }) => h.day))).toEqual(expected);

    const again = await admin.post('/admin/holidays/fill', { year });
    expect(again.body.added).toBe(0);
    expect(await countOf(`holidays where org_id = $1 and extract(year from day) = $2`, [platform.org.orgId, year])).toBe(expected.size);
  });

  it('lets an administrator add, rename and remove a day; refusals save nothing', async () => {
    const day = `${year}-08-14`;
    const before = await rowsOfOrg('holidays');
    expect((await admin.post('/admin/holidays', { day: `${year}-02-30`, name: 'Nowhere day' })).status).toBe(400);
    expect((await admin.post('/admin/holidays', { day, name: '' })).status).toBe(400);
    const existing = (await admin.get(`/admin/holidays?year=${year}`)).body.holidays[0];
    const taken = await admin.post('/admin/holidays', { day: existing.day, name: 'Twice' });
    expect(taken.status).toBe(409);
    expect(taken.body.error.details).toEqual([expect.objectContaining({ path: 'day' })]);
    expect(await rowsOfOrg('holidays')).toBe(before);

    const added = await admin.post('/admin/holidays', { day, name: 'Company day' });
    expect(added.status).toBe(201);
    const renamed = await admin.patch(`/admin/holidays/${added.body.holiday.id}`, { name: 'Company summer day' });
    expect(renamed.body.holiday).toMatchObject({ day, name: 'Company summer day' });
    // A refill keeps what an administrator changed.
    await admin.patch(`/admin/holidays/${existing.id}`, { name: 'Renamed by us' });
    await admin.post('/admin/holidays/fill', { year });
    const calendar = (await admin.get(`/admin/holidays?year=${year}`)).body.holidays;
    expect(calendar.find((h: { id: string }) => h.id === existing.id).name).toBe('Renamed by us');

    expect((await admin.delete(`/admin/holidays/${added.body.holiday.id}`)).status).toBe(204);
    expect((await admin.delete(`/admin/holidays/${added.body.holiday.id}`)).status).toBe(404);
    expect(await rowsOfOrg('holidays')).toBe(before);
  });
});

describe('yearly allocations', () => {
  it('allocates a year to everyone active once, however often it runs', async () => {
    const ledgerBefore = await rowsOfOrg('leave_ledger');
    expect((await admin.post('/admin/allocations', { leaveTypeCode: 'unpaid', year: year + 1, days: 10 })).status).toBe(422);
    expect((await admin.post('/admin/allocations', { leaveTypeCode: 'annual', year: year + 1, days: 0.3 })).status).toBe(400);
    expect(await rowsOfOrg('leave_ledger')).toBe(ledgerBefore);

    const first = await admin.post('/admin/allocations', { leaveTypeCode: 'annual', year: year + 1, days: 25 });
    expect(first.status).toBe(200);
    // Everyone in the seed but the client may request leave.
    const takers = await countOf(`users where org_id = $1 and active and not ('client' = any(roles))`, [platform.org.orgId]);
    expect(first.body).toMatchObject({ allocated: takers, alreadyAllocated: 0 });
    const second = await admin.post('/admin/allocations', { leaveTypeCode: 'annual', year: year + 1, days: 25 });
    expect(second.body).toMatchObject({ allocated: 0, alreadyAllocated: takers });
    expect(await rowsOfOrg('leave_ledger')).toBe(ledgerBefore + takers);

    const listed = await admin.get(`/admin/allocations?year=${year + 1}&leaveTypeCode=annual`);
    expect(listed.body.people).toHaveLength(takers);
    expect(
      listed.body.people.every((p: { allocated: number; hasYearlyAllocation: boolean }) => p.allocated === 25 && p.hasYearlyAllocation),
    ).toBe(true);
  });

  it('corrects one person’s allocation with a reason, as a new ledger entry, once per adjustment id', async () => {
    const employeeId = platform.org.people.employee.id;
    const ledgerBefore = await rowsOfOrg('leave_ledger');
    const adjustment = {
      adjustmentId: randomUUID(),
      employeeId,
      leaveTypeCode: 'annual',
      year: year + 1,
      days: 2.5,
      reason: 'Carried over',
    };
    expect((await admin.post('/admin/allocations/adjustments', { ...adjustment, reason: '' })).status).toBe(400);
    expect((await admin.post('/admin/allocations/adjustments', { ...adjustment, days: -100 })).status).toBe(422);
    expect((await admin.post('/admin/allocations/adjustments', { ...adjustment, employeeId: randomUUID() })).status).toBe(422);
    expect(await rowsOfOrg('leave_ledger')).toBe(ledgerBefore);

    const made = await admin.post('/admin/allocations/adjustments', adjustment);
    expect(made.status).toBe(201);
    expect(made.body.adjustment.balance).toMatchObject({ allocated: 27.5, available: 27.5 });
    const repeated = await admin.post('/admin/allocations/adjustments', adjustment);
    expect(repeated.status).toBe(200);
    expect(await rowsOfOrg('leave_ledger')).toBe(ledgerBefore + 1);
    const [entry] = await platform.database
      .sql`select kind, half_days, note from leave_ledger where entry_key = ${`adjustment:${adjustment.adjustmentId}`}`;
    expect(entry).toEqual({ kind: 'allocation', half_days: 5, note: 'Carried over' });
  });
});

describe('balances of every year that matters', () => {
  it('shows this year, next year and every year with entries, each labelled; ?year= narrows to one', async () => {
    const all = await employee.get('/leave-balances');
    const years = new Set(all.body.balances.map((b: { year: number }) => b.year));
    expect(years).toContain(year);
    expect(years).toContain(year + 1);
    // Next year's allocation above is what a request for next year is checked against.
    expect(all.body.balances).toContainEqual(expect.objectContaining({ leaveTypeCode: 'annual', year: year + 1, allocated: 27.5 }));
    const seededYear = new Date().getUTCFullYear();
    expect(years).toContain(seededYear);

    const next = await employee.get(`/leave-balances?year=${year + 1}`);
    expect(new Set(next.body.balances.map((b: { year: number }) => b.year))).toEqual(new Set([year + 1]));
    expect((await employee.get('/leave-balances?year=next')).status).toBe(400);
  });
});

describe('access', () => {
  it('refuses staff every administration route, and lets HR in', async () => {
    const calls = [
      employee.get('/admin/leave-types'),
      employee.post('/admin/leave-types', { code: 'staffy', name: 'Staffy', hasBalance: false, maxDays: 5 }),
      employee.patch('/admin/leave-types/annual', { maxDays: 300 }),
      employee.get('/admin/holidays'),
      employee.post('/admin/holidays', { day: `${year}-09-01`, name: 'Mine' }),
      employee.post('/admin/holidays/fill', { year }),
      employee.patch(`/admin/holidays/${randomUUID()}`, { name: 'x' }),
      employee.delete(`/admin/holidays/${randomUUID()}`),
      employee.get('/admin/holiday-places'),
      employee.patch('/admin/holiday-region', { country: 'FR' }),
      employee.get('/admin/allocations'),
      employee.post('/admin/allocations', { leaveTypeCode: 'annual', year, days: 100 }),
      employee.post('/admin/allocations/adjustments', {
        employeeId: platform.org.people.employee.id,
        leaveTypeCode: 'annual',
        year,
        days: 100,
        reason: 'Me',
      }),
    ];
    expect((await Promise.all(calls)).map((answer) => answer.status)).toEqual(calls.map(() => 403));
    expect((await hr.get('/admin/allocations')).status).toBe(200);
  });
});

describe('an organisation made by npm run create-admin', () => {
  it('can, after setting up leave through these APIs, take a leave request', async () => {
    const email = `leave-admin-${randomUUID().slice(0, 8)}@example.test`;
    await runCreateAdmin({
      org: `Fresh ${email}`,
      timeZone: 'Europe/Amsterdam',
      email,
      name: 'Fresh Admin',
      password: 'fresh-admin-password',
    });
    const freshAdmin = await signIn(platform, email, { password: 'fresh-admin-password' });
    const orgId = (await freshAdmin.get('/me')).body.user.orgId;
    await platform.alsoSendMailOf(orgId);

    // Nothing to request leave with yet.
    expect((await freshAdmin.get('/leave-types')).body.leaveTypes).toEqual([]);
    expect((await freshAdmin.post('/admin/holidays/fill', { year })).status).toBe(422);

    expect((await freshAdmin.patch('/admin/holiday-region', { country: 'NL', region: null })).status).toBe(200);
    const filled = await freshAdmin.post('/admin/holidays/fill', { year });
    expect(filled.body.added).toBe(libraryHolidayDays('NL', null, year).size);
    const created = await freshAdmin.post('/admin/leave-types', { code: 'annual', name: 'Annual leave', hasBalance: true, maxDays: 25 });
    expect(created.status).toBe(201);

    // Someone to approve: a newcomer reports to the administrator.
    const newcomerEmail = `newcomer-${email}`;
    const adminId = (await freshAdmin.get('/me')).body.user.id;
    expect(
      (await freshAdmin.post('/admin/invitations', { email: newcomerEmail, name: 'Nora New', roles: ['staff'], managerId: adminId }))
        .status,
    ).toBe(201);
    const mail = await platform.mail.waitFor((m) => m.to.includes(newcomerEmail));
    const token = /invitation\/([a-z0-9]+)/.exec(mail.text)![1]!;
    expect(
      (
        await platform.app.request('/api/auth/invitations/accept', {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ token, password: 'newcomer-password-1' }),
        })
      ).status,
    ).toBe(201);
    const newcomer = await signIn(platform, newcomerEmail, { password: 'newcomer-password-1' });

    const allocated = await freshAdmin.post('/admin/allocations', { leaveTypeCode: 'annual', year, days: 20 });
    expect(allocated.body).toMatchObject({ allocated: 2, alreadyAllocated: 0 });

    // The week of the first public holiday on a weekday after "today": four working days, not five.
    const holidayDays = new Set<string>(filled.body.holidays.map((h: { day: string }) => h.day));
    const holiday = [...holidayDays].sort().find((day) => day > plus(today, 7) && !isWeekend(parseISO(day)))!;
    const monday = iso(addDays(parseISO(holiday), -((parseISO(holiday).getDay() + 6) % 7)));
    const friday = plus(monday, 4);
    const expectedDays = [0, 1, 2, 3, 4].map((i) => plus(monday, i)).filter((day) => !holidayDays.has(day)).length;

    await platform.withWorker(async () => {
      const submitted = await newcomer.post('/leave-requests', leaveForm({ startDate: monday, endDate: friday }));
      expect(submitted.status).toBe(201);
      expect(submitted.body.leaveRequest).toMatchObject({ status: 'pending', workingDays: expectedDays, approverName: 'Fresh Admin' });
      const task = await eventually(async () =>
        (await freshAdmin.get('/tasks?sort=newest&limit=200')).body.tasks.find(
          (t: { caseId: string }) => t.caseId === submitted.body.leaveRequest.id,
        ),
      );
      expect(task).toBeTruthy();
    });
    const balance = (await newcomer.get(`/leave-balances?year=${year}`)).body.balances;
    expect(balance).toEqual([
      expect.objectContaining({ leaveTypeCode: 'annual', allocated: 20, pending: expectedDays, available: 20 - expectedDays }),
    ]);
    expect(await rowsOfOrg('leave_requests', orgId)).toBe(1);
  });
});
