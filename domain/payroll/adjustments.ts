// Adjustments: what a finalised run under- or over-paid, paid or recovered in a later run. Pure, so
// the run's activities and a hand-checked test use the same code.
import type { PayLine, Payslip, SetupProblem } from './structure.ts';

export interface Adjustment {
  id: string;
  type: 'earning' | 'deduction';
  amountMinor: number;
  reason: string;
  /** The month it corrects, when it corrects one. */
  correctsPeriod: string | null;
}

/** An off-cycle run pays adjustments only: nothing from the salary structure. */
export const emptyPayslip: Payslip = { lines: [], grossMinor: 0, deductionsMinor: 0, netMinor: 0 };

export function adjustmentLine(a: Adjustment): PayLine {
  return {
    // Its own code: a payslip may carry several, and a code names one line.
    code: `adj_${a.id.replaceAll('-', '')}`,
    name: `Adjustment${a.correctsPeriod ? ` for ${a.correctsPeriod}` : ''}: ${a.reason}`,
    type: a.type,
    amountMinor: a.amountMinor,
  };
}

/** The period's pay with the adjustments added as lines of their own; never a negative net. */
export function withAdjustments(pay: Payslip, adjustments: Adjustment[]): { payslip: Payslip } | { problems: SetupProblem[] } {
  if (adjustments.length === 0) return { payslip: pay };
  const extra = adjustments.map(adjustmentLine);
  const sum = (type: PayLine['type']) => extra.filter((l) => l.type === type).reduce((total, l) => total + l.amountMinor, 0);
  const grossMinor = pay.grossMinor + sum('earning');
  const deductionsMinor = pay.deductionsMinor + sum('deduction');
  if (deductionsMinor > grossMinor) {
    return {
      problems: [
        {
          code: null,
          message: `With its adjustments the deductions (${deductionsMinor}) exceed the gross pay (${grossMinor}): recover the rest in a later run.`,
        },
      ],
    };
  }
  return { payslip: { lines: [...pay.lines, ...extra], grossMinor, deductionsMinor, netMinor: grossMinor - deductionsMinor } };
}
