import { addCalendarDays, type CalendarDate } from '../calendar.ts';

/** `yyyy-mm`, a calendar month: the pay period. */
export const periodPattern = /^\d{4}-(0[1-9]|1[0-2])$/;

export function periodDates(period: string): { start: CalendarDate; end: CalendarDate } {
  const [year, month] = period.split('-').map(Number) as [number, number];
  const next = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
  return { start: `${period}-01`, end: addCalendarDays(next, -1) };
}

export function previousPeriod(period: string): string {
  const [year, month] = period.split('-').map(Number) as [number, number];
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

/**
 * A line whose net moved by more than a tenth from last month's is flagged for HR's review; a
 * first month has nothing to compare with.
 */
export const isFlagged = (line: { netMinor: number | null; previousNetMinor: number | null }) =>
  line.netMinor !== null && line.previousNetMinor !== null && Math.abs(line.netMinor - line.previousNetMinor) * 10 > line.previousNetMinor;

/**
 * A run's key: its month for the month's run, `yyyy-mm-offN` for the month's Nth off-cycle run
 * (adjustments paid between two months' runs). Its workflow id and row id are derived from it.
 */
export const runKeyPattern = /^\d{4}-(0[1-9]|1[0-2])(-off[1-9]\d{0,2})?$/;

export const runKey = (period: string, sequence: number) => (sequence === 0 ? period : `${period}-off${sequence}`);

export function parseRunKey(key: string): { period: string; sequence: number } {
  const [year, month, off] = key.split('-');
  return { period: `${year}-${month}`, sequence: off ? Number(off.slice(3)) : 0 };
}

/** How people read a run's name: `2031-08`, or `2031-08 off-cycle 1`. */
export const runLabel = (period: string, sequence: number) => (sequence === 0 ? period : `${period} off-cycle ${sequence}`);
