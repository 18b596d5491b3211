import type { CalendarDate } from '../calendar.ts';

/** The longest a day's record may run: a check-out later than this after the check-in is a mistake, not a shift. */
export const maxShiftMinutes = 24 * 60;

export const defaultDailyMinutes = 480;

const minuteOf = (instant: Date) => Math.floor(instant.getTime() / 60_000);

/**
 * Whole minutes between check-in and check-out. Each instant is cut to its minute first, as a
 * terminal shows it, so 08:59:59 to 17:00:00 is 481 minutes and the seconds never add up to a
 * minute nobody saw.
 */
export const workedMinutes = (checkInAt: Date, checkOutAt: Date): number => Math.max(minuteOf(checkOutAt) - minuteOf(checkInAt), 0);

export interface DayRecord {
  day: CalendarDate;
  checkInAt: Date;
  checkOutAt: Date | null;
}

export interface DayHours {
  /** Null while the day is open (no check-out yet). */
  workedMinutes: number | null;
  overtimeMinutes: number | null;
}

/**
 * Hours worked and overtime against the organisation's working day. A check-out after midnight
 * still belongs to the day of the check-in: the night shift is one record.
 */
export function dayHours(record: Pick<DayRecord, 'checkInAt' | 'checkOutAt'>, dailyMinutes: number): DayHours {
  if (!record.checkOutAt) return { workedMinutes: null, overtimeMinutes: null };
  const worked = workedMinutes(record.checkInAt, record.checkOutAt);
  return { workedMinutes: worked, overtimeMinutes: Math.max(worked - dailyMinutes, 0) };
}

export type CheckOutProblem = 'check_out_before_check_in' | 'shift_too_long';

/** Why a check-out cannot close a day, or null when it can. */
export function checkOutProblem(checkInAt: Date, checkOutAt: Date): CheckOutProblem | null {
  if (checkOutAt.getTime() <= checkInAt.getTime()) return 'check_out_before_check_in';
  if (workedMinutes(checkInAt, checkOutAt) > maxShiftMinutes) return 'shift_too_long';
  return null;
}

/** `HH:MM`, 24-hour. */
export const isClockTime = (value: string): boolean => /^([01]\d|2[0-3]):[0-5]\d$/.test(value);
