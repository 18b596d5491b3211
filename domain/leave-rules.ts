import { addCalendarDays, daysBetween, type CalendarDate } from './calendar.ts';
import { halfDaysToDays, overlaps, workingHalfDays, type LeaveSpan } from './leave-days.ts';

export interface Violation {
  path: string;
  message: string;
}

export interface LeaveTypeRule {
  code: string;
  name: string;
  hasBalance: boolean;
  /** The most working days one request may take. */
  maxDays: number;
  /** A retired type takes no new requests. */
  active: boolean;
}

/** No request spans more calendar days than this, whatever its type: refused before any day is counted. */
export const maxSpanCalendarDays = 366;

export interface LeaveRuleContext {
  today: CalendarDate;
  /** How many days back a request may still start (forgotten sick days, for instance). */
  pastGraceDays: number;
  leaveType: LeaveTypeRule | undefined;
  holidays: ReadonlySet<CalendarDate>;
  /** The employee's pending and approved leave. */
  existingLeave: readonly LeaveSpan[];
  /** Available balance in half-days for the leave type's year, or null when the type has none. */
  availableHalfDays: number | null;
}

export interface LeaveAssessment {
  halfDays: number;
  violations: Violation[];
}

/** Every rule a leave request must pass before a process starts; an empty list means it may. */
export function assessLeaveRequest(span: LeaveSpan & { leaveTypeCode: string }, ctx: LeaveRuleContext): LeaveAssessment {
  const violations: Violation[] = [];

  if (!ctx.leaveType) {
    violations.push({ path: 'leaveTypeCode', message: `Unknown leave type "${span.leaveTypeCode}".` });
  } else if (!ctx.leaveType.active) {
    violations.push({ path: 'leaveTypeCode', message: `${ctx.leaveType.name} is retired; choose another leave type.` });
  }
  if (span.endDate < span.startDate) {
    violations.push({ path: 'endDate', message: 'The end date is before the start date.' });
    return { halfDays: 0, violations };
  }
  // Checked before counting: counting walks every day of the range.
  if (daysBetween(span.startDate, span.endDate) + 1 > maxSpanCalendarDays) {
    violations.push({ path: 'endDate', message: `A request spans at most ${maxSpanCalendarDays} calendar days.` });
    return { halfDays: 0, violations };
  }
  const halfDays = workingHalfDays(span, ctx.holidays);
  if (span.startDate === span.endDate && span.startHalfDay && span.endHalfDay) {
    violations.push({
      path: 'endHalfDay',
      message: 'A one-day leave cannot both start and end at midday; choose one half.',
    });
  }
  const earliest = addCalendarDays(ctx.today, -ctx.pastGraceDays);
  if (span.startDate < earliest) {
    violations.push({
      path: 'startDate',
      message:
        ctx.pastGraceDays === 0 ? 'The start date is in the past.' : `The start date is more than ${ctx.pastGraceDays} days in the past.`,
    });
  }
  if (halfDays === 0 && violations.length === 0) {
    violations.push({ path: 'endDate', message: 'The range has no working days (weekends and holidays excluded).' });
  }
  if (ctx.leaveType && halfDays > ctx.leaveType.maxDays * 2) {
    violations.push({
      path: 'endDate',
      message: `${ctx.leaveType.name} allows at most ${ctx.leaveType.maxDays} working days per request; this range has ${halfDaysToDays(halfDays)}.`,
    });
  }
  if (ctx.existingLeave.some((other) => overlaps(span, other))) {
    violations.push({ path: 'startDate', message: 'The range overlaps leave you already requested or took.' });
  }
  if (ctx.leaveType?.hasBalance && ctx.availableHalfDays !== null && halfDays > ctx.availableHalfDays) {
    violations.push({
      path: 'leaveTypeCode',
      message: `The request costs ${halfDaysToDays(halfDays)} days but only ${halfDaysToDays(ctx.availableHalfDays)} are available.`,
    });
  }
  return { halfDays, violations };
}
