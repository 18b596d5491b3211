import { and, between, eq, inArray, max } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { attendanceForPeriod as attendanceSummaries } from '../../db/queries/attendance.ts';
import { attendanceDays } from '../../db/schema/index.ts';
import type { CalendarDate } from '../../domain/calendar.ts';
import { mulDivHalfUp } from '../../domain/rounding.ts';

export interface PeriodAttendanceFigures {
  overtimeHundredths: number;
  workedHundredths: number;
  /** Working days absent without leave or excuse. */
  unexcusedAbsentDays: CalendarDate[];
}

/** Minutes as hundredths of an hour, by the one rounding rule: 90 min → 150. */
const hundredthsOfHours = (minutes: number) => mulDivHalfUp(minutes, 100, 60);

/**
 * What attendance recorded for these employees over the period (db/queries/attendance.ts): overtime,
 * and the working days absent without leave. Attendance is known up to an employee's last recorded
 * day: someone with no record in the period is not tracked (an organisation that does not record
 * attendance, or a terminal export not imported yet) rather than absent every day, and days after
 * the last record (the rest of the month when the run starts on the 25th) are not absences either.
 * HR corrects a line's overtime or unpaid days where that is wrong.
 */
export async function attendanceForPeriod(
  db: DbOrTx,
  orgId: string,
  period: { start: CalendarDate; end: CalendarDate },
  employeeIds: string[],
): Promise<Map<string, PeriodAttendanceFigures>> {
  const [summaries, lastDays] = await Promise.all([
    attendanceSummaries(db, orgId, { from: period.start, to: period.end }, employeeIds),
    employeeIds.length === 0
      ? Promise.resolve([])
      : db
          .select({ employeeId: attendanceDays.employeeId, lastDay: max(attendanceDays.day) })
          .from(attendanceDays)
          .where(
            and(
              eq(attendanceDays.orgId, orgId),
              inArray(attendanceDays.employeeId, employeeIds),
              between(attendanceDays.day, period.start, period.end),
            ),
          )
          .groupBy(attendanceDays.employeeId),
  ]);
  const knownUntil = new Map(lastDays.map((row) => [row.employeeId, row.lastDay]));
  return new Map(
    employeeIds.map((id) => {
      const summary = summaries.get(id);
      const lastDay = knownUntil.get(id);
      return [
        id,
        {
          overtimeHundredths: hundredthsOfHours(summary?.overtimeMinutes ?? 0),
          workedHundredths: hundredthsOfHours(summary?.workedMinutes ?? 0),
          unexcusedAbsentDays: lastDay ? (summary?.absentDates ?? []).filter((day) => day <= lastDay) : [],
        },
      ];
    }),
  );
}
