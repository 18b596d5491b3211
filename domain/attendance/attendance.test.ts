import { describe, expect, it } from 'vitest';
import { checkOutProblem, dayHours, workedMinutes } from './day.ts';
import { assessImportFile } from './import-file.ts';
import { leaveDaysOf, monthPeriod, summarizePeriod } from './month.ts';
import { clockTimeIn, instantIn } from './zone.ts';

const at = (iso: string) => new Date(iso);

describe('a day’s hours', () => {
  it('cuts each instant to its minute before counting', () => {
    expect(workedMinutes(at('2027-03-01T08:59:59Z'), at('2027-03-01T17:00:00Z'))).toBe(481);
    expect(workedMinutes(at('2027-03-01T09:00:00Z'), at('2027-03-01T09:00:59Z'))).toBe(0);
  });

  it('counts overtime beyond the working day and none below it', () => {
    expect(dayHours({ checkInAt: at('2027-03-01T08:00:00Z'), checkOutAt: at('2027-03-01T18:30:00Z') }, 480)).toEqual({
      workedMinutes: 630,
      overtimeMinutes: 150,
    });
    expect(dayHours({ checkInAt: at('2027-03-01T08:00:00Z'), checkOutAt: at('2027-03-01T12:00:00Z') }, 480).overtimeMinutes).toBe(0);
  });

  it('keeps a night shift across midnight as one day and leaves an open day without hours', () => {
    expect(dayHours({ checkInAt: at('2027-03-01T22:00:00Z'), checkOutAt: at('2027-03-02T06:15:00Z') }, 480)).toEqual({
      workedMinutes: 495,
      overtimeMinutes: 15,
    });
    expect(dayHours({ checkInAt: at('2027-03-01T08:00:00Z'), checkOutAt: null }, 480)).toEqual({
      workedMinutes: null,
      overtimeMinutes: null,
    });
  });

  it('refuses a check-out before the check-in or more than a day later', () => {
    expect(checkOutProblem(at('2027-03-01T08:00:00Z'), at('2027-03-01T08:00:00Z'))).toBe('check_out_before_check_in');
    expect(checkOutProblem(at('2027-03-01T08:00:00Z'), at('2027-03-02T08:01:00Z'))).toBe('shift_too_long');
    expect(checkOutProblem(at('2027-03-01T08:00:00Z'), at('2027-03-02T08:00:00Z'))).toBeNull();
  });
});

describe('local times in the organisation’s zone', () => {
  it('reads a local time on either side of a DST change', () => {
    expect(instantIn('2027-03-26', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-26T08:00:00.000Z');
    expect(instantIn('2027-03-29', '09:00', 'Europe/Berlin').toISOString()).toBe('2027-03-29T07:00:00.000Z');
    expect(clockTimeIn(at('2027-03-29T07:00:00Z'), 'Europe/Berlin')).toBe('09:00');
  });
});

describe('a period’s summary', () => {
  // March 2027: 1 March is a Monday; 23 weekdays.
  const march = monthPeriod('2027-03');
  const worked = { workedMinutes: 540, overtimeMinutes: 60 };

  it('counts presence, paid and unpaid leave, holidays and unexcused absence', () => {
    const holidays = new Set(['2027-03-08']);
    const summary = summarizePeriod({
      period: march,
      employment: { joinedOn: null, leftOn: null },
      holidays,
      attendance: new Map([
        ['2027-03-01', worked],
        ['2027-03-02', worked],
        ['2027-03-06', { workedMinutes: 120, overtimeMinutes: 0 }],
      ]),
      leave: [
        ...leaveDaysOf({ startDate: '2027-03-03', endDate: '2027-03-04', startHalfDay: false, endHalfDay: false }, true, holidays),
        ...leaveDaysOf({ startDate: '2027-03-05', endDate: '2027-03-05', startHalfDay: false, endHalfDay: true }, false, holidays),
      ],
    });
    expect(summary).toMatchObject({
      workingDays: 22,
      daysPresent: 2,
      paidLeaveDays: 2,
      unpaidLeaveDays: 0.5,
      holidays: 1,
      workedMinutes: 1200,
      overtimeMinutes: 120,
    });
    // 22 working days − 2 present − 2.5 on leave.
    expect(summary.daysAbsent).toBe(17.5);
    expect(summary.absentDates).toHaveLength(17);
    expect(summary.unpaidLeaveDates).toEqual([]);
  });

  it('counts nothing before joining or after leaving', () => {
    const summary = summarizePeriod({
      period: march,
      employment: { joinedOn: '2027-03-29', leftOn: '2027-03-30' },
      holidays: new Set(),
      attendance: new Map([['2027-03-01', worked]]),
      leave: [],
    });
    expect(summary).toMatchObject({ workingDays: 2, daysPresent: 0, daysAbsent: 2, workedMinutes: 0 });
  });

  it('gives the last day of February in a leap year', () => {
    expect(monthPeriod('2028-02')).toEqual({ from: '2028-02-01', to: '2028-02-29' });
  });
});

describe('a terminal’s export', () => {
  const employees = new Map([
    ['eve@example.test', 'eve'],
    ['carl@example.test', 'carl'],
  ]);
  const context = {
    timeZone: 'Europe/Berlin',
    employeeIdOf: (e: string) => employees.get(e.toLowerCase()) ?? null,
    isRecorded: (id: string, day: string) => id === 'carl' && day === '2027-03-02',
  };

  it('gives every line its problem or none', () => {
    const file = [
      'employee,date,check_in,check_out',
      'eve@example.test,2027-03-01,08:00,17:00',
      'nobody@example.test,2027-03-01,08:00,17:00',
      'eve@example.test,2027-02-30,08:00,17:00',
      'eve@example.test,2027-03-02,8h,17:00',
      'eve@example.test,2027-03-03,17:00,08:00',
      'EVE@example.test,2027-03-01,09:00,18:00',
      'carl@example.test,2027-03-02,08:00,17:00',
      'carl@example.test,2027-03-03',
    ].join('\r\n');
    const result = assessImportFile(file, context);
    if (!('lines' in result)) throw new Error('the file was refused');
    expect(result.lines.map((l) => [l.line, l.problem])).toEqual([
      [2, null],
      [3, 'unknown_employee'],
      [4, 'bad_date'],
      [5, 'bad_time'],
      [6, 'check_out_before_check_in'],
      [7, 'duplicate_in_file'],
      [8, 'already_recorded'],
      [9, 'wrong_column_count'],
    ]);
    expect(result.lines[0]!.checkInAt?.toISOString()).toBe('2027-03-01T07:00:00.000Z');
  });

  it('refuses a file without the header', () => {
    expect(assessImportFile('eve@example.test,2027-03-01,08:00,17:00', context)).toMatchObject({ fileProblem: { code: 'bad_header' } });
    expect(assessImportFile('\n\n', context)).toMatchObject({ fileProblem: { code: 'empty_file' } });
  });
});
