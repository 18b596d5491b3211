import { addCalendarDays, type CalendarDate } from './calendar.ts';
import { halfDaysToDays, overlaps, workingHalfDays, type LeaveSpan } from './leave-days.ts';

export interface Violation {
  path: string;
  message: string;
}

export interface LeaveTypeRule {
  code: string;
  name: string;
  hasBalance: boolean;
}

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
  const halfDays = span.endDate >= span.startDate ? workingHalfDays(span, ctx.holidays) : 0;

  if (!ctx.leaveType) {
    violations.push({ path: 'leaveTypeCode', message: `Unknown leave type "${span.leaveTypeCode}".` });
  }
  if (span.endDate < span.startDate) {
    violations.push({ path: 'endDate', message: 'The end date is before the start date.' });
    return { halfDays, violations };
  }
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
