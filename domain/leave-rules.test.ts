import { describe, expect, it } from 'vitest';
import { assessLeaveRequest, type LeaveRuleContext } from './leave-rules.ts';
import { workingHalfDays } from './leave-days.ts';
import { startOfDayIn, todayIn } from './calendar.ts';

const annual = { code: 'annual', name: 'Annual leave', hasBalance: true, maxDays: 30, active: true };
const unpaid = { code: 'unpaid', name: 'Unpaid leave', hasBalance: false, maxDays: 90, active: true };
const context = (over: Partial<LeaveRuleContext> = {}): LeaveRuleContext => ({
  today: '2026-11-02', // a Monday
  pastGraceDays: 0,
  leaveType: annual,
  holidays: new Set(['2026-11-11']),
  existingLeave: [],
  availableHalfDays: 40,
  ...over,
});
const span = (startDate: string, endDate: string, startHalfDay = false, endHalfDay = false) => ({
  leaveTypeCode: 'annual',
  startDate,
  endDate,
  startHalfDay,
  endHalfDay,
});
const paths = (s: ReturnType<typeof span>, ctx = context()) => assessLeaveRequest(s, ctx).violations.map((v) => v.path);

describe('working days', () => {
  it('skips weekends and the holiday calendar', () => {
    // Mon 9 .. Sun 15 Nov with Wed 11 a holiday: Mon, Tue, Thu, Fri.
    expect(workingHalfDays(span('2026-11-09', '2026-11-15'), new Set(['2026-11-11']))).toBe(8);
  });
  it('counts half days at either end', () => {
    expect(workingHalfDays(span('2026-11-09', '2026-11-10', true, true), new Set())).toBe(2);
    expect(workingHalfDays(span('2026-11-09', '2026-11-09', false, true), new Set())).toBe(1);
  });
  it('does not take a half off a weekend end', () => {
    expect(workingHalfDays(span('2026-11-13', '2026-11-14', false, true), new Set())).toBe(2);
  });
});

describe('leave rules', () => {
  it('accepts a plain request', () => {
    expect(assessLeaveRequest(span('2026-11-09', '2026-11-10'), context())).toEqual({ halfDays: 4, violations: [] });
  });
  it('refuses an end before the start', () => {
    expect(paths(span('2026-11-10', '2026-11-09'))).toEqual(['endDate']);
  });
  it('refuses dates in the past beyond the grace', () => {
    expect(paths(span('2026-10-30', '2026-11-03'))).toEqual(['startDate']);
    expect(paths(span('2026-10-30', '2026-11-03'), context({ pastGraceDays: 5 }))).toEqual([]);
  });
  it('refuses a range without working days', () => {
    expect(paths(span('2026-11-07', '2026-11-08'))).toEqual(['endDate']);
    expect(paths(span('2026-11-11', '2026-11-11'))).toEqual(['endDate']);
  });
  it('refuses overlap with existing leave, but not the other half of a day', () => {
    const existing = [{ startDate: '2026-11-10', endDate: '2026-11-10', startHalfDay: false, endHalfDay: true }];
    expect(paths(span('2026-11-09', '2026-11-10'), context({ existingLeave: existing }))).toEqual(['startDate']);
    expect(paths(span('2026-11-10', '2026-11-12', true), context({ existingLeave: existing }))).toEqual([]);
  });
  it('refuses more days than the balance, except for types without one', () => {
    expect(paths(span('2026-11-09', '2026-11-13'), context({ availableHalfDays: 7 }))).toEqual(['leaveTypeCode']);
    expect(
      paths({ ...span('2026-11-09', '2026-11-13'), leaveTypeCode: 'unpaid' }, context({ leaveType: unpaid, availableHalfDays: null })),
    ).toEqual([]);
  });
  it('refuses an unknown leave type', () => {
    expect(paths(span('2026-11-09', '2026-11-09'), context({ leaveType: undefined }))).toEqual(['leaveTypeCode']);
  });
  it('refuses more working days than the type allows in one request', () => {
    // 2 to 13 Nov 2026 is ten working days, less the holiday on the 11th: nine.
    expect(paths(span('2026-11-02', '2026-11-13'), context({ leaveType: { ...annual, maxDays: 9 } }))).toEqual([]);
    expect(paths(span('2026-11-02', '2026-11-13'), context({ leaveType: { ...annual, maxDays: 8 } }))).toEqual(['endDate']);
  });
  it('refuses a span beyond the hard ceiling before counting its days, whatever the type allows', () => {
    const unbounded = context({ leaveType: { ...unpaid, maxDays: 100_000 }, availableHalfDays: null });
    const tenThousandDays = assessLeaveRequest({ ...span('2027-01-04', '2054-05-21'), leaveTypeCode: 'unpaid' }, unbounded);
    expect(tenThousandDays).toEqual({ halfDays: 0, violations: [expect.objectContaining({ path: 'endDate' })] });
    expect(paths({ ...span('2027-01-01', '2027-12-31'), leaveTypeCode: 'unpaid' }, unbounded)).toEqual([]);
  });
  it('refuses a retired leave type', () => {
    expect(paths(span('2026-11-09', '2026-11-09'), context({ leaveType: { ...annual, active: false } }))).toEqual(['leaveTypeCode']);
  });
  it('refuses a one-day leave that both starts and ends at midday', () => {
    expect(paths(span('2026-11-09', '2026-11-09', true, true))).toEqual(['endHalfDay']);
  });
});

describe('organisation time zone', () => {
  it('knows the date where the organisation is', () => {
    const instant = new Date('2026-11-02T23:30:00Z');
    expect(todayIn('UTC', instant)).toBe('2026-11-02');
    expect(todayIn('Asia/Kolkata', instant)).toBe('2026-11-03');
  });
  it('finds the instant a day begins', () => {
    expect(startOfDayIn('2026-11-03', 'Asia/Kolkata').toISOString()).toBe('2026-11-02T18:30:00.000Z');
    expect(startOfDayIn('2026-07-01', 'Europe/Berlin').toISOString()).toBe('2026-06-30T22:00:00.000Z');
  });
});
