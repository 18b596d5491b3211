import { eachDate, isWorkingDay, type CalendarDate } from '../calendar.ts';

export interface Employment {
  /** The first day employed; null when before the period. */
  joinedOn: CalendarDate | null;
  /** The last day employed; null while still employed. */
  leftOn: CalendarDate | null;
}

export interface PeriodAttendance {
  /** Approved unpaid leave (from the leave process): each day's halves taken, 1 or 2. */
  unpaidLeave: ReadonlyMap<CalendarDate, number>;
  /** Working days absent without leave or excuse. */
  unexcusedAbsence: ReadonlySet<CalendarDate>;
}

/**
 * The working days of a period (weekends and the organisation's holidays excluded) and how many of
 * them are paid: those employed, less approved unpaid leave (half a day for a half day) and
 * unexcused absence. Joining or leaving mid-period prorates by what it leaves of the period's
 * working days. Payable days are whole or half days.
 */
export function payableDays(
  period: { start: CalendarDate; end: CalendarDate },
  employment: Employment,
  attendance: PeriodAttendance,
  holidays: ReadonlySet<CalendarDate>,
): { periodDays: number; payableDays: number } {
  const working = eachDate(period.start, period.end).filter((day) => isWorkingDay(day, holidays));
  const employed = working.filter(
    (day) => (!employment.joinedOn || day >= employment.joinedOn) && (!employment.leftOn || day <= employment.leftOn),
  );
  const paidHalves = employed.reduce(
    (halves, day) => halves + (attendance.unexcusedAbsence.has(day) ? 0 : 2 - Math.min(2, attendance.unpaidLeave.get(day) ?? 0)),
    0,
  );
  return { periodDays: working.length, payableDays: paidHalves / 2 };
}
