import { describe, expect, it } from 'vitest';
import { emptyPayslip, withAdjustments, type Adjustment } from './adjustments.ts';
import { parseRunKey, runKey, runKeyPattern } from './period.ts';

const month = {
  lines: [
    { code: 'base', name: 'Base salary', type: 'earning' as const, amountMinor: 300_000 },
    { code: 'tax', name: 'Income tax', type: 'deduction' as const, amountMinor: 60_000 },
  ],
  grossMinor: 300_000,
  deductionsMinor: 60_000,
  netMinor: 240_000,
};
const adjustment = (over: Partial<Adjustment>): Adjustment => ({
  id: '6f1c2a9e-0000-4000-8000-000000000001',
  type: 'earning',
  amountMinor: 12_500,
  reason: 'Overtime missed',
  correctsPeriod: '2031-07',
  ...over,
});

describe('adjustments', () => {
  it('add a line of their own each, to gross or deductions, and the net follows (hand-checked)', () => {
    const result = withAdjustments(month, [
      adjustment({}),
      adjustment({ id: '6f1c2a9e-0000-4000-8000-000000000002', type: 'deduction', amountMinor: 2_000, reason: 'Phone overpaid' }),
    ]);
    expect(result).toEqual({
      payslip: {
        lines: [
          ...month.lines,
          {
            code: 'adj_6f1c2a9e000040008000000000000001',
            name: 'Adjustment for 2031-07: Overtime missed',
            type: 'earning',
            amountMinor: 12_500,
          },
          {
            code: 'adj_6f1c2a9e000040008000000000000002',
            name: 'Adjustment for 2031-07: Phone overpaid',
            type: 'deduction',
            amountMinor: 2_000,
          },
        ],
        grossMinor: 312_500,
        deductionsMinor: 62_000,
        netMinor: 250_500,
      },
    });
  });

  it('pay an off-cycle run from nothing, and refuse to recover more than is paid', () => {
    expect(withAdjustments(emptyPayslip, [adjustment({})])).toMatchObject({ payslip: { grossMinor: 12_500, netMinor: 12_500 } });
    const refused = withAdjustments(emptyPayslip, [adjustment({ type: 'deduction' })]);
    expect(refused).toEqual({ problems: [expect.objectContaining({ message: expect.stringContaining('exceed the gross pay') })] });
  });
});

describe('run keys', () => {
  it('name the month’s run by its month and an off-cycle run by its number, both ways', () => {
    expect(runKey('2031-08', 0)).toBe('2031-08');
    expect(runKey('2031-08', 2)).toBe('2031-08-off2');
    expect(parseRunKey('2031-08-off2')).toEqual({ period: '2031-08', sequence: 2 });
    expect(parseRunKey('2031-08')).toEqual({ period: '2031-08', sequence: 0 });
    expect(['2031-08', '2031-08-off1'].every((k) => runKeyPattern.test(k))).toBe(true);
    expect(['2031-13', '2031-08-off0', '2031-08-off', '2031-8'].some((k) => runKeyPattern.test(k))).toBe(false);
  });
});
