import { and, asc, between, desc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { attendanceCorrections, attendanceDays, organizations, tasks, users } from '../../db/schema/index.ts';
import { dayHours, type DayHours } from '../../domain/attendance/day.ts';
import { clockTimeIn } from '../../domain/attendance/zone.ts';
import type { AttendanceDay } from '../../db/schema/index.ts';
import { twoFactorOptional } from '../../domain/access/roles.ts';

export async function organizationZone(db: DbOrTx, orgId: string): Promise<string> {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  return org?.timeZone ?? 'UTC';
}

export interface PresentedDay extends DayHours {
  day: string;
  checkInAt: string;
  checkOutAt: string | null;
  /** On the organisation's clock, `HH:MM`. */
  checkIn: string;
  checkOut: string | null;
  source: AttendanceDay['source'];
  /** The open task of this day's missed check-out correction, if one waits for the reader. */
  correction: { status: string; taskId: string | null } | null;
}

export function presentDay(
  row: AttendanceDay,
  dailyMinutes: number,
  timeZone: string,
  correction: PresentedDay['correction'] = null,
): PresentedDay {
  return {
    day: row.day,
    checkInAt: row.checkInAt.toISOString(),
    checkOutAt: row.checkOutAt?.toISOString() ?? null,
    checkIn: clockTimeIn(row.checkInAt, timeZone),
    checkOut: row.checkOutAt ? clockTimeIn(row.checkOutAt, timeZone) : null,
    source: row.source,
    ...dayHours(row, dailyMinutes),
    correction,
  };
}

/** An employee's days of a period, newest first, each with its correction and the task it waits on. */
export async function employeeDays(
  db: DbOrTx,
  employee: { orgId: string; id: string },
  period: { from: string; to: string },
  dailyMinutes: number,
  timeZone: string,
): Promise<PresentedDay[]> {
  const rows = await db
    .select()
    .from(attendanceDays)
    .where(
      and(
        eq(attendanceDays.orgId, employee.orgId),
        eq(attendanceDays.employeeId, employee.id),
        between(attendanceDays.day, period.from, period.to),
      ),
    )
    .orderBy(desc(attendanceDays.day));
  const corrections =
    rows.length === 0
      ? []
      : await db
          .select({ dayId: attendanceCorrections.attendanceDayId, id: attendanceCorrections.id, status: attendanceCorrections.status })
          .from(attendanceCorrections)
          .where(
            and(
              eq(attendanceCorrections.orgId, employee.orgId),
              inArray(
                attendanceCorrections.attendanceDayId,
                rows.map((r) => r.id),
              ),
            ),
          );
  const openTasks =
    corrections.length === 0
      ? []
      : await db
          .select({ id: tasks.id, caseId: tasks.caseId })
          .from(tasks)
          .where(
            and(
              eq(tasks.orgId, employee.orgId),
              eq(tasks.caseType, 'attendance'),
              eq(tasks.status, 'open'),
              eq(tasks.assigneeId, employee.id),
              inArray(
                tasks.caseId,
                corrections.map((c) => c.id),
              ),
            ),
          );
  return rows.map((row) => {
    const correction = corrections.find((c) => c.dayId === row.id);
    const task = correction && openTasks.find((t) => t.caseId === correction.id);
    return presentDay(row, dailyMinutes, timeZone, correction ? { status: correction.status, taskId: task?.id ?? null } : null);
  });
}

/** The organisation's active people, for HR's month table and the import's look-up by e-mail. */
export async function activeEmployees(db: DbOrTx, orgId: string) {
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email, roles: users.roles })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.active, true)))
    .orderBy(asc(users.name));
  // Clients sign in too, but nobody expects them at work.
  return rows.filter((r) => !twoFactorOptional(r.roles)).map(({ id, name, email }) => ({ id, name, email }));
}
