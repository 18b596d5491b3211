import { and, between, eq, gte, inArray, lte } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { attendanceDays, attendanceWorkingHours, holidays, leaveRequests, leaveTypes } from '../schema/index.ts';
import type { CalendarDate } from '../../domain/calendar.ts';
import { dayHours, defaultDailyMinutes, type DayHours } from '../../domain/attendance/day.ts';
import { leaveDaysOf, monthPeriod, summarizePeriod, type PeriodSummary } from '../../domain/attendance/month.ts';
import type { Employment } from '../../domain/payroll/payable-days.ts';

export type AttendancePeriod = { from: CalendarDate; to: CalendarDate } | string;

export async function dailyWorkingMinutes(db: DbOrTx, orgId: string): Promise<number> {
  const [row] = await db.select().from(attendanceWorkingHours).where(eq(attendanceWorkingHours.orgId, orgId));
  return row?.dailyMinutes ?? defaultDailyMinutes;
}

export async function holidaysBetween(db: DbOrTx, orgId: string, from: CalendarDate, to: CalendarDate): Promise<Set<CalendarDate>> {
  const rows = await db
    .select({ day: holidays.day })
    .from(holidays)
    .where(and(eq(holidays.orgId, orgId), between(holidays.day, from, to)));
  return new Set(rows.map((r) => r.day));
}

/**
 * Each employee's attendance over a period (a `yyyy-mm` month or dates): days present, unexcused
 * absence, approved leave split paid/unpaid (the leave type's `paid`), holidays, worked and overtime minutes. Payroll reads this; employment
 * dates, where it knows them, keep days outside employment out of every count.
 */
export async function attendanceForPeriod(
  db: DbOrTx,
  orgId: string,
  period: AttendancePeriod,
  employeeIds: readonly string[],
  employment: ReadonlyMap<string, Employment> = new Map(),
): Promise<Map<string, PeriodSummary>> {
  const { from, to } = typeof period === 'string' ? monthPeriod(period) : period;
  const result = new Map<string, PeriodSummary>();
  if (employeeIds.length === 0) return result;
  const ids = [...employeeIds];
  const [dailyMinutes, holidayDays, dayRows, leaveRows] = await Promise.all([
    dailyWorkingMinutes(db, orgId),
    holidaysBetween(db, orgId, from, to),
    db
      .select()
      .from(attendanceDays)
      .where(and(eq(attendanceDays.orgId, orgId), inArray(attendanceDays.employeeId, ids), between(attendanceDays.day, from, to))),
    db
      .select({
        employeeId: leaveRequests.employeeId,
        startDate: leaveRequests.startDate,
        endDate: leaveRequests.endDate,
        startHalfDay: leaveRequests.startHalfDay,
        endHalfDay: leaveRequests.endHalfDay,
        paid: leaveTypes.paid,
      })
      .from(leaveRequests)
      .innerJoin(leaveTypes, and(eq(leaveTypes.orgId, leaveRequests.orgId), eq(leaveTypes.code, leaveRequests.leaveTypeCode)))
      .where(
        and(
          eq(leaveRequests.orgId, orgId),
          inArray(leaveRequests.employeeId, ids),
          eq(leaveRequests.status, 'approved'),
          lte(leaveRequests.startDate, to),
          gte(leaveRequests.endDate, from),
        ),
      ),
  ]);
  for (const employeeId of ids) {
    const attendance = new Map<CalendarDate, DayHours>(
      dayRows.filter((d) => d.employeeId === employeeId).map((d) => [d.day, dayHours(d, dailyMinutes)]),
    );
    const leave = leaveRows.filter((l) => l.employeeId === employeeId).flatMap((l) => leaveDaysOf(l, l.paid, holidayDays));
    result.set(
      employeeId,
      summarizePeriod({
        period: { from, to },
        employment: employment.get(employeeId) ?? { joinedOn: null, leftOn: null },
        holidays: holidayDays,
        attendance,
        leave,
      }),
    );
  }
  return result;
}
