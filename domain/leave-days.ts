import { eachDate, isWorkingDay, type CalendarDate } from './calendar.ts';

/**
 * A span of leave. Amounts are integer half-days, never fractions: a day has a morning and an
 * afternoon slot. `startHalfDay` means the leave starts at midday (afternoon only on the first day);
 * `endHalfDay` means it ends at midday (morning only on the last day).
 */
export interface LeaveSpan {
  startDate: CalendarDate;
  endDate: CalendarDate;
  startHalfDay: boolean;
  endHalfDay: boolean;
}

export function workingHalfDays(span: LeaveSpan, holidays: ReadonlySet<CalendarDate>): number {
  let halves = 0;
  for (const day of eachDate(span.startDate, span.endDate)) {
    if (!isWorkingDay(day, holidays)) continue;
    halves += 2;
    if (day === span.startDate && span.startHalfDay) halves -= 1;
    if (day === span.endDate && span.endHalfDay) halves -= 1;
  }
  return Math.max(halves, 0);
}

const epoch = Date.UTC(2000, 0, 1);
const slotOfDay = (day: CalendarDate) => Math.round((Date.parse(`${day}T00:00:00Z`) - epoch) / 86_400_000) * 2;

/** The same slot numbering as the database's overlap constraint (`leave_requests_no_overlap`). */
export function slots(span: LeaveSpan): { first: number; last: number } {
  return {
    first: slotOfDay(span.startDate) + (span.startHalfDay ? 1 : 0),
    last: slotOfDay(span.endDate) + (span.endHalfDay ? 0 : 1),
  };
}

export function overlaps(a: LeaveSpan, b: LeaveSpan): boolean {
  const x = slots(a);
  const y = slots(b);
  return x.first <= y.last && y.first <= x.last;
}

export const halfDaysToDays = (halfDays: number): number => halfDays / 2;

/** How a span reads in titles and summaries: the morning and the afternoon of one date differ. */
export function spanLabel(span: LeaveSpan): string {
  if (span.startDate === span.endDate) {
    const half = span.startHalfDay ? ' (afternoon)' : span.endHalfDay ? ' (morning)' : '';
    return `${span.startDate}${half}`;
  }
  return `${span.startDate}${span.startHalfDay ? ' (afternoon)' : ''} to ${span.endDate}${span.endHalfDay ? ' (morning)' : ''}`;
}
