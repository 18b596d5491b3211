import { eachDate, isWorkingDay, type CalendarDate } from '../calendar.ts';
import type { Employment } from '../payroll/payable-days.ts';
import type { DayHours } from './day.ts';

export interface LeaveDay {
  day: CalendarDate;
  /** 1 (a morning or an afternoon) or 2 (the whole day). */
  halfDays: 1 | 2;
  paid: boolean;
}

export interface PeriodSummary {
  /** Working days of the period while employed (weekends and holidays excluded). */
  workingDays: number;
  daysPresent: number;
  /** Working days with neither attendance, approved leave, nor a holiday; half a day when half of it is on leave. */
  daysAbsent: number;
  paidLeaveDays: number;
  unpaidLeaveDays: number;
  /** The organisation's holidays that fall on weekdays of the period while employed. */
  holidays: number;
  workedMinutes: number;
  overtimeMinutes: number;
  /** Whole days, for payroll's payableDays (domain/payroll/payable-days.ts). */
  absentDates: CalendarDate[];
  unpaidLeaveDates: CalendarDate[];
}

/**
 * One employee's period. A day with attendance is present whatever else it has; a working day
 * without it is leave for the halves approved leave covers and absence for the rest. Hours count
 * on every day with a closed record, weekends and holidays included.
 */
export function summarizePeriod(input: {
  period: { from: CalendarDate; to: CalendarDate };
  employment: Employment;
  holidays: ReadonlySet<CalendarDate>;
  attendance: ReadonlyMap<CalendarDate, DayHours>;
  leave: readonly LeaveDay[];
}): PeriodSummary {
  const { period, employment, holidays, attendance } = input;
  const leaveByDay = new Map<CalendarDate, LeaveDay[]>();
  for (const l of input.leave) leaveByDay.set(l.day, [...(leaveByDay.get(l.day) ?? []), l]);
  const employed = (day: CalendarDate) =>
    (!employment.joinedOn || day >= employment.joinedOn) && (!employment.leftOn || day <= employment.leftOn);
  const summary: PeriodSummary = {
    workingDays: 0,
    daysPresent: 0,
    daysAbsent: 0,
    paidLeaveDays: 0,
    unpaidLeaveDays: 0,
    holidays: 0,
    workedMinutes: 0,
    overtimeMinutes: 0,
    absentDates: [],
    unpaidLeaveDates: [],
  };
  let paidHalves = 0;
  let unpaidHalves = 0;
  let absentHalves = 0;
  for (const day of eachDate(period.from, period.to)) {
    if (!employed(day)) continue;
    const hours = attendance.get(day);
    summary.workedMinutes += hours?.workedMinutes ?? 0;
    summary.overtimeMinutes += hours?.overtimeMinutes ?? 0;
    if (!isWorkingDay(day, holidays)) {
      if (isWorkingDay(day, new Set())) summary.holidays += 1;
      continue;
    }
    summary.workingDays += 1;
    if (hours) {
      summary.daysPresent += 1;
      continue;
    }
    const leave = leaveByDay.get(day) ?? [];
    const paid = Math.min(
      leave.filter((l) => l.paid).reduce((n, l) => n + l.halfDays, 0),
      2,
    );
    const unpaid = Math.min(
      leave.filter((l) => !l.paid).reduce((n, l) => n + l.halfDays, 0),
      2 - paid,
    );
    paidHalves += paid;
    unpaidHalves += unpaid;
    absentHalves += 2 - paid - unpaid;
    if (unpaid === 2) summary.unpaidLeaveDates.push(day);
    if (paid + unpaid === 0) summary.absentDates.push(day);
  }
  return { ...summary, paidLeaveDays: paidHalves / 2, unpaidLeaveDays: unpaidHalves / 2, daysAbsent: absentHalves / 2 };
}

/** The first and last date of a `yyyy-mm` month. */
export function monthPeriod(month: string): { from: CalendarDate; to: CalendarDate } {
  const [year, m] = month.split('-').map(Number) as [number, number];
  const last = new Date(Date.UTC(year, m, 0)).getUTCDate();
  return { from: `${month}-01`, to: `${month}-${String(last).padStart(2, '0')}` };
}

export const isMonth = (value: string): boolean => /^\d{4}-(0[1-9]|1[0-2])$/.test(value);

/** The days an approved leave span covers, each with how many of its halves (holidays and weekends are not leave). */
export function leaveDaysOf(
  span: { startDate: CalendarDate; endDate: CalendarDate; startHalfDay: boolean; endHalfDay: boolean },
  paid: boolean,
  holidays: ReadonlySet<CalendarDate>,
): LeaveDay[] {
  const days: LeaveDay[] = [];
  for (const day of eachDate(span.startDate, span.endDate)) {
    if (!isWorkingDay(day, holidays)) continue;
    const halves = 2 - (day === span.startDate && span.startHalfDay ? 1 : 0) - (day === span.endDate && span.endHalfDay ? 1 : 0);
    if (halves > 0) days.push({ day, halfDays: halves === 1 ? 1 : 2, paid });
  }
  return days;
}
