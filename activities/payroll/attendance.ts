import type { DbOrTx } from '../../db/client.ts';
import type { CalendarDate } from '../../domain/calendar.ts';

export interface PeriodAttendanceFigures {
  overtimeHundredths: number;
  workedHundredths: number;
  /** Working days absent without leave or excuse. */
  unexcusedAbsentDays: CalendarDate[];
}

/**
 * What attendance recorded for these employees over the period. Attendance (check-in/out and its
 * import) is built separately and plugs in here; until it lands nothing is recorded, so no one has
 * overtime or an unexcused absence (HR can still correct a line's overtime or unpaid days).
 */
export async function attendanceForPeriod(
  _db: DbOrTx,
  _orgId: string,
  _period: { start: CalendarDate; end: CalendarDate },
  employeeIds: string[],
): Promise<Map<string, PeriodAttendanceFigures>> {
  return new Map(employeeIds.map((id) => [id, { overtimeHundredths: 0, workedHundredths: 0, unexcusedAbsentDays: [] }]));
}
