import { describe, expect, it } from 'vitest';
import { payableDays } from './payable-days.ts';
import { computePay, structureProblems, type SalaryComponent } from './structure.ts';

const structure: SalaryComponent[] = [
  { code: 'base', name: 'Base salary', type: 'earning', rule: { kind: 'fixed', amountMinor: 420_000, prorated: true } },
  { code: 'housing', name: 'Housing allowance', type: 'earning', rule: { kind: 'percentOf', of: 'base', basisPoints: 1_000 } },
  { code: 'phone', name: 'Phone allowance', type: 'earning', rule: { kind: 'fixed', amountMinor: 3_000, prorated: false } },
  { code: 'overtime', name: 'Overtime', type: 'earning', rule: { kind: 'hoursTimesRate', hours: 'overtime', rateMinor: 3_333 } },
  { code: 'tax', name: 'Income tax', type: 'deduction', rule: { kind: 'percentOf', of: 'base', basisPoints: 2_000 } },
  { code: 'social', name: 'Social contributions', type: 'deduction', rule: { kind: 'percentOf', of: 'housing', basisPoints: 930 } },
];

const noAttendance = { unpaidLeave: new Map<string, number>(), unexcusedAbsence: new Set<string>() };
// March 2027: 23 working days (Monday 1st to Wednesday 31st), no holidays given here.
const march = { start: '2027-03-01', end: '2027-03-31' };

describe('payable days', () => {
  it('counts the working days of the period, and all of them for a full month', () => {
    expect(payableDays(march, { joinedOn: null, leftOn: null }, noAttendance, new Set())).toEqual({ periodDays: 23, payableDays: 23 });
    // Good Friday as a holiday leaves 22.
    expect(payableDays(march, { joinedOn: null, leftOn: null }, noAttendance, new Set(['2027-03-26'])).periodDays).toBe(22);
  });

  it('prorates joining and leaving mid-period', () => {
    // Joining Monday 15 March: 15th–31st is 13 working days.
    expect(payableDays(march, { joinedOn: '2027-03-15', leftOn: null }, noAttendance, new Set()).payableDays).toBe(13);
    // Leaving Friday 5 March: 1st–5th is 5 working days.
    expect(payableDays(march, { joinedOn: null, leftOn: '2027-03-05' }, noAttendance, new Set()).payableDays).toBe(5);
  });

  it('takes off approved unpaid leave and unexcused absence, but a weekend day of leave costs nothing', () => {
    const wholeDays = new Map(['2027-03-02', '2027-03-03', '2027-03-06'].map((day) => [day, 2]));
    const attendance = { unpaidLeave: wholeDays, unexcusedAbsence: new Set(['2027-03-10']) };
    expect(payableDays(march, { joinedOn: null, leftOn: null }, attendance, new Set()).payableDays).toBe(20);
  });

  it('takes half a day off for half a day of unpaid leave, and prorates a fixed amount by the half day (hand-checked)', () => {
    const halfDay = { unpaidLeave: new Map([['2027-03-04', 1]]), unexcusedAbsence: new Set<string>() };
    const days = payableDays(march, { joinedOn: null, leftOn: null }, halfDay, new Set());
    expect(days).toEqual({ periodDays: 23, payableDays: 22.5 });
    // 4,200.00 × 22.5 / 23 = 4,108.6956… → 4,108.70.
    const base = structure.slice(0, 1);
    expect(computePay(base, { ...days, overtimeHundredths: 0, workedHundredths: 0 })).toMatchObject({ payslip: { grossMinor: 410870 } });
  });
});

describe('pay from a salary structure', () => {
  it('pays a full month: fixed, percentage of a component, hours × rate, then deductions (hand-checked)', () => {
    const result = computePay(structure, { payableDays: 23, periodDays: 23, overtimeHundredths: 250, workedHundredths: 0 });
    expect('payslip' in result && result.payslip).toEqual({
      lines: [
        { code: 'base', name: 'Base salary', type: 'earning', amountMinor: 420_000 },
        { code: 'housing', name: 'Housing allowance', type: 'earning', amountMinor: 42_000 },
        { code: 'phone', name: 'Phone allowance', type: 'earning', amountMinor: 3_000 },
        // 2.5 h × 33.33 = 83.325 → 83.33 (half up)
        { code: 'overtime', name: 'Overtime', type: 'earning', amountMinor: 8_333 },
        { code: 'tax', name: 'Income tax', type: 'deduction', amountMinor: 84_000 },
        // 9.3 % of 420.00 = 39.06
        { code: 'social', name: 'Social contributions', type: 'deduction', amountMinor: 3_906 },
      ],
      grossMinor: 473_333,
      deductionsMinor: 87_906,
      netMinor: 385_427,
    });
  });

  it('prorates the prorated fixed amounts only, rounding each half up, and what depends on them follows', () => {
    // 4,200.00 × 13 / 23 = 2,373.9130… → 2,373.91; housing 10 % = 237.391 → 237.39; the phone is not prorated.
    const result = computePay(structure, { payableDays: 13, periodDays: 23, overtimeHundredths: 0, workedHundredths: 0 });
    if (!('payslip' in result)) throw new Error('expected a payslip');
    const amount = (code: string) => result.payslip.lines.find((l) => l.code === code)!.amountMinor;
    expect([amount('base'), amount('housing'), amount('phone'), amount('overtime')]).toEqual([237_391, 23_739, 3_000, 0]);
    expect(result.payslip.grossMinor).toBe(237_391 + 23_739 + 3_000);
    expect(result.payslip.netMinor).toBe(result.payslip.grossMinor - result.payslip.deductionsMinor);
  });

  it('reports bad set-up per problem instead of failing: none, a negative amount, an unknown component, a cycle', () => {
    expect(structureProblems([])).toEqual([{ code: null, message: 'There is no salary structure.' }]);
    const bad: SalaryComponent[] = [
      { code: 'base', name: 'Base', type: 'earning', rule: { kind: 'fixed', amountMinor: -1, prorated: true } },
      { code: 'bonus', name: 'Bonus', type: 'earning', rule: { kind: 'percentOf', of: 'commission', basisPoints: 500 } },
      { code: 'a', name: 'A', type: 'earning', rule: { kind: 'percentOf', of: 'b', basisPoints: 100 } },
      { code: 'b', name: 'B', type: 'earning', rule: { kind: 'percentOf', of: 'a', basisPoints: 100 } },
    ];
    const result = computePay(bad, { payableDays: 1, periodDays: 1, overtimeHundredths: 0, workedHundredths: 0 });
    expect('problems' in result && result.problems.map((p) => p.message)).toEqual([
      'Base: the amount must not be negative.',
      'Bonus is a percentage of commission, which is not in the structure.',
      'The components refer to each other in a circle: a → b → a.',
    ]);
  });

  it('refuses a negative net pay rather than paying it', () => {
    const result = computePay(
      [
        { code: 'base', name: 'Base', type: 'earning', rule: { kind: 'fixed', amountMinor: 100, prorated: false } },
        { code: 'loan', name: 'Loan', type: 'deduction', rule: { kind: 'fixed', amountMinor: 200, prorated: false } },
      ],
      { payableDays: 1, periodDays: 1, overtimeHundredths: 0, workedHundredths: 0 },
    );
    expect('problems' in result && result.problems[0]!.message).toContain('net would be negative');
  });
});
