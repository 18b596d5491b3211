import { and, eq, isNull } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { dailyWorkingMinutes, attendanceForPeriod } from '../../db/queries/attendance.ts';
import { attendanceDays } from '../../db/schema/index.ts';
import { addCalendarDays, todayIn } from '../../domain/calendar.ts';
import { checkOutProblem } from '../../domain/attendance/day.ts';
import { isMonth, monthPeriod } from '../../domain/attendance/month.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { confirmImport, importFileText, previewImport } from './import.ts';
import { activeEmployees, employeeDays, organizationZone, presentDay } from './read-model.ts';

const monthQuery = z.object({ month: z.string().refine(isMonth, 'must be a month, yyyy-mm').optional() });
const summaryQuery = monthQuery.extend({ employeeId: z.uuid('must be an employee id').optional() });
const confirmQuery = z.object({
  fileHash: z.string().regex(/^[0-9a-f]{64}$/, 'must be the preview’s fileHash'),
  fileName: z.string().max(200).optional(),
});

/** The server's clock (a test's, when it sets one): a check-in never takes a time from the browser. */
const serverNow = (deps: AppEnv['Variables']['deps']) => deps.now?.() ?? new Date();

/** A month's days up to today: a working day still to come is not an absence yet. */
function monthUpToToday(month: string, today: string) {
  const period = monthPeriod(month);
  return { from: period.from, to: period.to < today ? period.to : today < period.from ? addCalendarDays(period.from, -1) : today };
}

export const attendanceRoutes = new Hono<AppEnv>()
  .get('/days', validate('query', monthQuery), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const now = serverNow(c.var.deps);
    const [timeZone, dailyMinutes] = await Promise.all([organizationZone(db, user.orgId), dailyWorkingMinutes(db, user.orgId)]);
    const today = todayIn(timeZone, now);
    const month = c.req.valid('query').month ?? today.slice(0, 7);
    const days = await employeeDays(db, user, monthPeriod(month), dailyMinutes, timeZone);
    return c.json({ serverTime: now.toISOString(), timeZone, today, month, dailyMinutes, days });
  })
  .post('/check-in', async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const now = serverNow(c.var.deps);
    const [timeZone, dailyMinutes] = await Promise.all([organizationZone(db, user.orgId), dailyWorkingMinutes(db, user.orgId)]);
    const day = todayIn(timeZone, now);
    // The unique (employee, day) decides a race of two clicks: one row, and the other a 409.
    const [created] = await db
      .insert(attendanceDays)
      .values({ orgId: user.orgId, employeeId: user.id, day, checkInAt: now, source: 'web' })
      .onConflictDoNothing({ target: [attendanceDays.orgId, attendanceDays.employeeId, attendanceDays.day] })
      .returning();
    if (!created) throw new HttpError(409, 'already_checked_in', `You already have an attendance record for ${day}.`);
    return c.json({ day: presentDay(created, dailyMinutes, timeZone) }, 201);
  })
  .post('/check-out', async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const now = serverNow(c.var.deps);
    const [timeZone, dailyMinutes] = await Promise.all([organizationZone(db, user.orgId), dailyWorkingMinutes(db, user.orgId)]);
    const today = todayIn(timeZone, now);
    const ofEmployee = (day: string) =>
      and(eq(attendanceDays.orgId, user.orgId), eq(attendanceDays.employeeId, user.id), eq(attendanceDays.day, day));
    const [todays] = await db.select().from(attendanceDays).where(ofEmployee(today));
    // After midnight a night shift closes the day it began on; yesterday's other open days go to their correction.
    const [yesterdays] = todays
      ? []
      : await db
          .select()
          .from(attendanceDays)
          .where(and(ofEmployee(addCalendarDays(today, -1)), isNull(attendanceDays.checkOutAt)));
    const open = todays ?? (yesterdays && !checkOutProblem(yesterdays.checkInAt, now) ? yesterdays : undefined);
    if (!open) throw new HttpError(409, 'not_checked_in', `You have not checked in on ${today}.`);
    if (open.checkOutAt) throw new HttpError(409, 'already_checked_out', `You already checked out on ${open.day}.`);
    if (checkOutProblem(open.checkInAt, now))
      throw new HttpError(409, 'check_out_too_early', 'A check-out must be at least a minute after the check-in.');
    const [closed] = await db
      .update(attendanceDays)
      .set({ checkOutAt: now })
      .where(and(eq(attendanceDays.id, open.id), isNull(attendanceDays.checkOutAt)))
      .returning();
    if (!closed) throw new HttpError(409, 'already_checked_out', `You already checked out on ${open.day}.`);
    return c.json({ day: presentDay(closed, dailyMinutes, timeZone) });
  })
  .get('/summary', validate('query', summaryQuery), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const query = c.req.valid('query');
    const employeeId = query.employeeId ?? user.id;
    if (employeeId !== user.id && !user.grants.has('attendance:manage')) {
      throw new HttpError(403, 'forbidden', 'You may read only your own attendance.');
    }
    const employee = (await activeEmployees(db, user.orgId)).find((e) => e.id === employeeId);
    if (!employee) throw new HttpError(404, 'not_found', 'No such employee in your organisation.');
    const today = todayIn(await organizationZone(db, user.orgId), serverNow(c.var.deps));
    const month = query.month ?? today.slice(0, 7);
    const summaries = await attendanceForPeriod(db, user.orgId, monthUpToToday(month, today), [employee.id]);
    return c.json({ month, employee, summary: summaries.get(employee.id)! });
  })
  .get('/summaries', validate('query', monthQuery), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const today = todayIn(await organizationZone(db, user.orgId), serverNow(c.var.deps));
    const month = c.req.valid('query').month ?? today.slice(0, 7);
    const employees = await activeEmployees(db, user.orgId);
    const summaries = await attendanceForPeriod(
      db,
      user.orgId,
      monthUpToToday(month, today),
      employees.map((e) => e.id),
    );
    return c.json({ month, employees: employees.map((employee) => ({ employee, summary: summaries.get(employee.id)! })) });
  })
  .post('/imports/preview', async (c) => {
    const { content, fileHash } = await importFileText(c);
    const { preview } = await previewImport(c.var.deps.db, c.var.user.orgId, content, fileHash);
    return c.json({ preview });
  })
  .post('/imports', validate('query', confirmQuery), async (c) => {
    const { fileHash, fileName } = c.req.valid('query');
    const file = await importFileText(c);
    if (file.fileHash !== fileHash) {
      throw new HttpError(409, 'file_changed', 'This is not the file that was previewed: preview it again.', [
        { path: 'fileHash', message: 'differs from the file sent' },
      ]);
    }
    const result = await confirmImport(c.var.deps.db, c.var.user, file.content, fileHash, fileName ?? null);
    if (!result.alreadyImported) {
      await c.var.audit({
        kind: 'attendance.imported',
        targetType: 'attendance_import',
        targetId: result.importId,
        detail: { savedLines: result.savedLines, fileHash },
      });
    }
    return c.json(
      {
        importId: result.importId,
        alreadyImported: result.alreadyImported,
        savedLines: result.savedLines,
        message: result.alreadyImported ? 'This file was imported before: nothing changed.' : `${result.savedLines} days saved.`,
        preview: result.preview,
      },
      result.alreadyImported ? 200 : 201,
    );
  });
