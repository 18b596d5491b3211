import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addCalendarDays, eachDate, isWorkingDay } from '../domain/calendar.ts';
import { instantIn } from '../domain/attendance/zone.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { ensureMissedCheckOutsSchedules, missedCheckOutsHour } from '../temporal/attendance-schedules.ts';
import { correctionWorkflowId, missedCheckOutsId } from '../workflows/attendance/messages.ts';
import { missedCheckOutsWorkflow } from '../workflows/attendance/missed-check-outs.ts';
import { eventually, signIn, startPlatform, type ApiCall, type Platform, type SignedIn } from './harness.ts';
import { recordHistory } from './recorded-histories.ts';

// Attendance on the real services. The API's clock is a variable the tests move, in a March well
// clear of the years the harness seeds, so nothing depends on the real date.
const year = new Date().getUTCFullYear() + 5;
const month = `${year}-03`;
const zone = 'Europe/Berlin';
const workingDays = eachDate(`${month}-01`, `${month}-31`).filter((day) => isWorkingDay(day, new Set()));
// The days the tests use, each a weekday of that March.
const [checkInDay, importDay, importDay2, paidLeaveDay, unpaidLeaveDay, holidayDay] = workingDays as [
  string,
  string,
  string,
  string,
  string,
  string,
];
let clock = instantIn(checkInDay, '09:00', zone);
// `RECORD_HISTORIES=1` keeps the processes' histories for workflows/attendance/workflow.test.ts to replay.
const historiesDir = fileURLToPath(new URL('../workflows/attendance/histories/', import.meta.url));
const record = (name: string, workflowId: string) => recordHistory(historiesDir, name, workflowId);

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let hr: SignedIn;
let employee: SignedIn;
let colleague: SignedIn;
let manager: SignedIn;

const countOf = async (query: string, params: unknown[]) =>
  Number((await platform.database.sql.unsafe(`select count(*) as n from ${query}`, params as never[]))[0]!.n);
const attendanceRows = () => countOf('attendance_days where org_id = $1', [platform.org.orgId]);
const email = (person: 'employee' | 'colleague') => platform.org.people[person].email;

/** A CSV body, as the import page sends it. */
async function sendCsv(who: SignedIn, path: string, csv: string, contentType = 'text/csv') {
  const res = await platform.app.request(`/api${path}`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': contentType },
    body: csv,
  });
  return { status: res.status, body: (await res.json()) as ApiCall['body'] };
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle, now: () => clock });
  hr = await signIn(platform, 'hr');
  employee = await signIn(platform, 'employee');
  colleague = await signIn(platform, 'colleague');
  manager = await signIn(platform, 'manager');
});
afterAll(() => platform?.stop());

describe('checking in and out', () => {
  it('takes both times from the server’s clock and counts overtime against the working day', async () => {
    clock = new Date(instantIn(checkInDay, '08:00', zone).getTime() + 42_000);
    const checkIn = await employee.post('/attendance/check-in', { at: '2000-01-01T00:00:00Z' });
    expect(checkIn.status).toBe(201);
    expect(checkIn.body.day).toMatchObject({
      day: checkInDay,
      checkInAt: clock.toISOString(),
      checkIn: '08:00',
      checkOut: null,
      workedMinutes: null,
    });

    clock = instantIn(checkInDay, '18:30', zone);
    const checkOut = await employee.post('/attendance/check-out');
    expect(checkOut.status).toBe(200);
    // 08:00:42 is cut to 08:00: 10 h 30 min, 2 h 30 min beyond the default 8-hour day.
    expect(checkOut.body.day).toMatchObject({ checkOutAt: clock.toISOString(), workedMinutes: 630, overtimeMinutes: 150 });

    const days = await employee.get(`/attendance/days?month=${month}`);
    expect(days.body).toMatchObject({ serverTime: clock.toISOString(), today: checkInDay, dailyMinutes: 480 });
    expect(days.body.days).toEqual([expect.objectContaining({ day: checkInDay, workedMinutes: 630, overtimeMinutes: 150, source: 'web' })]);
  });

  it('answers 409 to a second check-in the same day, a check-out without a check-in, and a second check-out', async () => {
    const before = await attendanceRows();
    const again = await employee.post('/attendance/check-in');
    expect(again.status).toBe(409);
    expect(again.body.error.code).toBe('already_checked_in');
    expect((await employee.post('/attendance/check-out')).body.error.code).toBe('already_checked_out');
    const colleagueOut = await colleague.post('/attendance/check-out');
    expect(colleagueOut.status).toBe(409);
    expect(colleagueOut.body.error.code).toBe('not_checked_in');
    expect(await attendanceRows()).toBe(before);
  });
});

describe('importing a terminal’s export', () => {
  const file = () =>
    [
      'employee,date,check_in,check_out',
      `${email('colleague')},${importDay},08:00,16:00`,
      `${email('colleague')},${importDay2},07:30,17:30`,
      `nobody@example.test,${importDay},08:00,16:00`,
      `${email('colleague')},${year}-02-30,08:00,16:00`,
      `${email('colleague')},${paidLeaveDay},8h00,16:00`,
      `${email('colleague')},${unpaidLeaveDay},16:00,08:00`,
      `${email('colleague')},${importDay},09:00,17:00`,
      `${email('employee')},${checkInDay},08:00,16:00`,
    ].join('\n');

  let fileHash: string;

  it('previews every line with its status and reason, and saves nothing', async () => {
    const before = await attendanceRows();
    const preview = await sendCsv(hr, '/attendance/imports/preview', file());
    expect(preview.status).toBe(200);
    fileHash = preview.body.preview.fileHash;
    expect(
      preview.body.preview.lines.map((l: { line: number; status: string; problem: string | null }) => [l.line, l.status, l.problem]),
    ).toEqual([
      [2, 'ok', null],
      [3, 'ok', null],
      [4, 'bad', 'unknown_employee'],
      [5, 'bad', 'bad_date'],
      [6, 'bad', 'bad_time'],
      [7, 'bad', 'check_out_before_check_in'],
      [8, 'bad', 'duplicate_in_file'],
      [9, 'skipped', 'already_recorded'],
    ]);
    expect(preview.body.preview.lines[2].reason).toMatch(/no active employee/i);
    expect(preview.body.preview).toMatchObject({ alreadyImported: false, counts: { ok: 2, bad: 5, skipped: 1 } });
    expect(await attendanceRows()).toBe(before);
  });

  it('refuses a file that is not CSV, a header it does not know, and a confirm of another file, naming the line', async () => {
    expect((await sendCsv(hr, '/attendance/imports/preview', '{"a":1}', 'application/json')).status).toBe(415);
    const header = await sendCsv(hr, '/attendance/imports/preview', 'name,day\nx,y');
    expect(header.status).toBe(422);
    expect(header.body.error).toMatchObject({ code: 'bad_header', details: [{ path: 'line 1' }] });
    const binary = await sendCsv(hr, '/attendance/imports/preview', 'employee,date,check_in,check_out\nx\u0000y');
    expect(binary.body.error).toMatchObject({ code: 'invalid_file', details: [{ path: 'line 2' }] });
    const other = await sendCsv(hr, `/attendance/imports?fileHash=${fileHash}`, `${file()}\n`);
    expect(other.status).toBe(409);
    expect(other.body.error.code).toBe('file_changed');
    expect((await sendCsv(employee, '/attendance/imports/preview', file())).status).toBe(403);
  });

  it('saves the good lines in one go when confirmed, and a second import of the file changes nothing', async () => {
    const before = await attendanceRows();
    const confirmed = await sendCsv(hr, `/attendance/imports?fileHash=${fileHash}&fileName=march.csv`, file());
    expect(confirmed.status).toBe(201);
    expect(confirmed.body).toMatchObject({ alreadyImported: false, savedLines: 2 });
    expect(await attendanceRows()).toBe(before + 2);
    const [saved] = await platform.database.sql`
      select extract(epoch from check_in_at)::int as check_in, source from attendance_days
      where employee_id = ${platform.org.people.colleague.id} and day = ${importDay2}`;
    expect(saved!.check_in * 1000).toBe(instantIn(importDay2, '07:30', zone).getTime());
    expect(saved!.source).toBe('import');

    const again = await sendCsv(hr, `/attendance/imports?fileHash=${fileHash}`, file());
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ alreadyImported: true, savedLines: 0, message: expect.stringMatching(/nothing changed/) });
    expect(await attendanceRows()).toBe(before + 2);
    expect(await countOf('attendance_imports where org_id = $1', [platform.org.orgId])).toBe(1);
    // The web record of the employee's day is kept as it was.
    const [web] = await platform.database.sql`
      select source from attendance_days where employee_id = ${platform.org.people.employee.id} and day = ${checkInDay}`;
    expect(web!.source).toBe('web');
  });
});

describe('a missed check-out', () => {
  // The last weekday of the month: the import's and the month's days stay as they are.
  const missedDay = workingDays.at(-1)!;
  /** One sweep at `at`, its history kept as `history`. */
  const sweep = async (at: Date, history: string) => {
    const workflowId = `sweep-${randomUUID()}`;
    const swept = await platform.temporal.workflow.execute(missedCheckOutsWorkflow, {
      workflowId,
      taskQueue: platform.config.temporal.taskQueue,
      args: [{ orgId: platform.org.orgId, at: at.toISOString() }],
    });
    await record(history, workflowId);
    return swept;
  };
  const openTask = (who: SignedIn, kind: string) =>
    eventually(async () =>
      ((await who.get('/tasks?status=open')).body.tasks as { id: string; kind: string; caseType: string }[]).find(
        (t) => t.caseType === 'attendance' && t.kind === kind,
      ),
    );
  const complete = async (who: SignedIn, kind: string, values: Record<string, unknown>) => {
    const task = await openTask(who, kind);
    const answer = await who.post(`/tasks/${task.id}/complete`, { values });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  };

  it('is looked for daily by a schedule of the organisation’s own, at its hour in its zone', async () => {
    const { orgId } = platform.org;
    const { taskQueue } = platform.config.temporal;
    expect(await ensureMissedCheckOutsSchedules(platform.temporal, platform.database.db, taskQueue, [orgId])).toBe(1);
    // Again at the next worker start: the same one schedule, brought up to date.
    expect(await ensureMissedCheckOutsSchedules(platform.temporal, platform.database.db, taskQueue, [orgId])).toBe(1);
    const handle = platform.temporal.schedule.getHandle(missedCheckOutsId(orgId));
    const held = await handle.describe();
    expect(held.spec.timezone).toBe(zone);
    expect(held.spec.calendars?.[0]?.hour).toEqual([{ start: missedCheckOutsHour, end: missedCheckOutsHour, step: 1 }]);
    expect(held.action).toMatchObject({ workflowType: 'missedCheckOutsWorkflow', taskQueue });
    await handle.delete();
  });

  it('is flagged the next day and corrected through the employee’s task and the manager’s approval', async () => {
    clock = instantIn(missedDay, '08:30', zone);
    expect((await employee.post('/attendance/check-in')).status).toBe(201);
    const nextMorning = instantIn(addCalendarDays(missedDay, 1), '06:00', zone);
    await platform.withWorker(async () => {
      // Not yet on the day itself: it may still be closed.
      expect(await sweep(instantIn(missedDay, '23:00', zone), 'sweep-found-none')).toEqual({ started: 0, found: 0 });
      expect(await sweep(nextMorning, 'sweep-started-correction')).toEqual({ started: 1, found: 1 });
      // A second sweep (a retry, a catch-up run) starts nothing twice.
      expect(await sweep(nextMorning, 'sweep-correction-already-started')).toEqual({ started: 0, found: 1 });
      const handle = platform.temporal.workflow.getHandle(correctionWorkflowId(platform.org.people.employee.id, missedDay));

      clock = nextMorning;
      const days = await employee.get(`/attendance/days?month=${month}`);
      const flagged = days.body.days.find((d: { day: string }) => d.day === missedDay);
      const task = await openTask(employee, 'attendance-check-out');
      expect(flagged.correction).toEqual({ status: 'awaiting_employee', taskId: task.id });

      await complete(employee, 'attendance-check-out', { checkOutTime: '17:15' });
      // The manager sends it back; the employee's second round gives another time, which is approved.
      expect(
        (await employee.post(`/tasks/${(await openTask(manager, 'attendance-approval')).id}/complete`, { values: { decision: 'approve' } }))
          .status,
      ).not.toBe(200);
      await complete(manager, 'attendance-approval', { decision: 'send_back', comment: 'The gate says 17:40' });
      await complete(employee, 'attendance-check-out', { checkOutTime: '17:40' });
      await complete(manager, 'attendance-approval', { decision: 'approve' });
      expect(await handle.result()).toBe('corrected');
      await record('correction-sent-back-then-approved', handle.workflowId);
    });
    const [day] = await platform.database.sql`
      select extract(epoch from check_out_at)::int as check_out from attendance_days
      where employee_id = ${platform.org.people.employee.id} and day = ${missedDay}`;
    expect(day!.check_out * 1000).toBe(instantIn(missedDay, '17:40', zone).getTime());
    const [correction] = await platform.database.sql`
      select status, decided_by from attendance_corrections where employee_id = ${platform.org.people.employee.id} and day = ${missedDay}`;
    expect(correction).toEqual({ status: 'approved', decided_by: platform.org.people.manager.id });
  });
});

describe('the month', () => {
  beforeAll(async () => {
    const { orgId, people } = platform.org;
    await platform.database.sql`insert into holidays (org_id, day, name) values (${orgId}, ${holidayDay}, 'Test holiday')`;
    // The year's allocation (setup: the harness seeds only this year's and next), then both requests
    // through the leave process: submitted by the colleague at the month's start, approved by their manager.
    await platform.database.sql`
      insert into leave_ledger (org_id, employee_id, leave_type_code, year, half_days, kind, entry_key)
      values (${orgId}, ${people.colleague.id}, 'annual', ${year}, 50, 'allocation', ${`allocation:${year}:${people.colleague.id}:annual`})`;
    clock = instantIn(`${month}-01`, '07:00', zone);
    await platform.withWorker(async () => {
      for (const [leaveTypeCode, day] of [
        ['annual', paidLeaveDay],
        ['unpaid', unpaidLeaveDay],
      ] as const) {
        const submitted = await colleague.post('/leave-requests', { leaveTypeCode, startDate: day, endDate: day, reason: 'Errands' });
        expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
        const requestId = submitted.body.leaveRequest.id as string;
        const task = await eventually(async () =>
          ((await manager.get('/tasks?status=open')).body.tasks as { id: string; caseId: string }[]).find((t) => t.caseId === requestId),
        );
        expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
        await eventually(async () => (await colleague.get(`/leave-requests/${requestId}`)).body.leaveRequest?.status === 'approved');
      }
    });
    clock = instantIn(addCalendarDays(`${month}-31`, 1), '09:00', zone);
  });

  it('counts days present, approved paid and unpaid leave, holidays, absence and overtime', async () => {
    const summary = await colleague.get(`/attendance/summary?month=${month}`);
    expect(summary.status).toBe(200);
    const present = 2;
    expect(summary.body.summary).toMatchObject({
      workingDays: workingDays.length - 1,
      daysPresent: present,
      paidLeaveDays: 1,
      unpaidLeaveDays: 1,
      holidays: 1,
      daysAbsent: workingDays.length - 1 - present - 2,
      // 8 h and 10 h: two hours beyond the day.
      workedMinutes: 480 + 600,
      overtimeMinutes: 120,
      unpaidLeaveDates: [unpaidLeaveDay],
    });
    const hrView = await hr.get(`/attendance/summary?month=${month}&employeeId=${platform.org.people.colleague.id}`);
    expect(hrView.body.summary).toEqual(summary.body.summary);
    const all = await hr.get(`/attendance/summaries?month=${month}`);
    expect(
      all.body.employees.find((e: { employee: { id: string } }) => e.employee.id === platform.org.people.employee.id).summary,
    ).toMatchObject({
      // The checked-in day (2 h 30 min over) and the corrected one (08:30 to 17:40, 1 h 10 min over).
      daysPresent: 2,
      overtimeMinutes: 150 + 70,
    });
  });

  it('lets an employee read only their own attendance', async () => {
    const other = await employee.get(`/attendance/summary?month=${month}&employeeId=${platform.org.people.colleague.id}`);
    expect(other.status).toBe(403);
    expect((await employee.get(`/attendance/summaries?month=${month}`)).status).toBe(403);
    expect((await employee.get('/attendance/summary?month=2027-13')).status).toBe(400);
  });
});
