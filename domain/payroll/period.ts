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
