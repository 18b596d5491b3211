// A salary structure and what it pays for one period: pure, so the run's activities, the review's
// recomputation and a test of a hand-checked case all use the same code.
import { mulDivHalfUp } from '../rounding.ts';

export type ComponentRule =
  /** A fixed amount for a full period; prorated by payable days when `prorated`. */
  | { kind: 'fixed'; amountMinor: number; prorated: boolean }
  /** A percentage (basis points: 1000 = 10 %) of another component's amount for the period. */
  | { kind: 'percentOf'; of: string; basisPoints: number }
  /** Hours × a rate per hour (minor units), hours from the period's attendance. */
  | { kind: 'hoursTimesRate'; hours: 'overtime' | 'worked'; rateMinor: number };

export interface SalaryComponent {
  code: string;
  name: string;
  type: 'earning' | 'deduction';
  rule: ComponentRule;
}

export interface PeriodInputs {
  /** Working days the employee is paid for, in whole or half days (see payableDays). */
  payableDays: number;
  /** Working days in the whole period: a full period's fixed amounts are paid over these. */
  periodDays: number;
  /** Hundredths of an hour (150 = 1.5 h). */
  overtimeHundredths: number;
  workedHundredths: number;
}

export interface PayLine {
  code: string;
  name: string;
  type: 'earning' | 'deduction';
  amountMinor: number;
}

export interface Payslip {
  lines: PayLine[];
  grossMinor: number;
  deductionsMinor: number;
  netMinor: number;
}

export interface SetupProblem {
  code: string | null;
  message: string;
}

const isAmount = (n: number) => Number.isSafeInteger(n) && n >= 0;

/** What is wrong with a structure: missing, negative amounts, unknown references, cycles. */
export function structureProblems(components: SalaryComponent[]): SetupProblem[] {
  if (components.length === 0) return [{ code: null, message: 'There is no salary structure.' }];
  const problems: SetupProblem[] = [];
  const codes = new Set<string>();
  for (const c of components) {
    if (codes.has(c.code)) problems.push({ code: c.code, message: `The component ${c.code} is defined twice.` });
    codes.add(c.code);
  }
  for (const c of components) {
    const { rule } = c;
    if (rule.kind === 'fixed' && !isAmount(rule.amountMinor))
      problems.push({ code: c.code, message: `${c.name}: the amount must not be negative.` });
    if (rule.kind === 'hoursTimesRate' && !isAmount(rule.rateMinor))
      problems.push({ code: c.code, message: `${c.name}: the rate must not be negative.` });
    if (rule.kind === 'percentOf') {
      if (!Number.isInteger(rule.basisPoints) || rule.basisPoints < 0 || rule.basisPoints > 100_000)
        problems.push({ code: c.code, message: `${c.name}: the percentage must be between 0 and 1000 %.` });
      if (!codes.has(rule.of))
        problems.push({ code: c.code, message: `${c.name} is a percentage of ${rule.of}, which is not in the structure.` });
    }
  }
  const cycle = referenceCycle(components);
  if (cycle) problems.push({ code: cycle[0]!, message: `The components refer to each other in a circle: ${cycle.join(' → ')}.` });
  return problems;
}

function referenceCycle(components: SalaryComponent[]): string[] | null {
  const refs = new Map(components.map((c) => [c.code, c.rule.kind === 'percentOf' ? [c.rule.of] : []]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (code: string): string[] | null => {
    if (state.get(code) === 'done') return null;
    if (state.get(code) === 'visiting') return [...path.slice(path.indexOf(code)), code];
    state.set(code, 'visiting');
    path.push(code);
    for (const next of refs.get(code) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(code, 'done');
    return null;
  };
  for (const c of components) {
    const cycle = visit(c.code);
    if (cycle) return cycle;
  }
  return null;
}

/** One period's pay from a structure, or the problems that stop it (never a throw). */
export function computePay(components: SalaryComponent[], inputs: PeriodInputs): { payslip: Payslip } | { problems: SetupProblem[] } {
  const problems = structureProblems(components);
  if (inputs.periodDays <= 0) problems.push({ code: null, message: 'The period has no working days.' });
  if (inputs.payableDays < 0 || inputs.payableDays > inputs.periodDays || !Number.isInteger(inputs.payableDays * 2))
    problems.push({ code: null, message: 'The payable days are outside the period.' });
  if (problems.length > 0) return { problems };

  const byCode = new Map(components.map((c) => [c.code, c]));
  const amounts = new Map<string, number>();
  const amountOf = (code: string): number => {
    const known = amounts.get(code);
    if (known !== undefined) return known;
    const { rule } = byCode.get(code)!;
    let amount: number;
    switch (rule.kind) {
      case 'fixed':
        // In half days, so the arithmetic stays in integers.
        amount = rule.prorated ? mulDivHalfUp(rule.amountMinor, inputs.payableDays * 2, inputs.periodDays * 2) : rule.amountMinor;
        break;
      case 'percentOf':
        amount = mulDivHalfUp(amountOf(rule.of), rule.basisPoints, 10_000);
        break;
      case 'hoursTimesRate':
        amount = mulDivHalfUp(rule.hours === 'overtime' ? inputs.overtimeHundredths : inputs.workedHundredths, rule.rateMinor, 100);
        break;
    }
    amounts.set(code, amount);
    return amount;
  };
  const lines = components.map((c) => ({ code: c.code, name: c.name, type: c.type, amountMinor: amountOf(c.code) }));
  const sum = (type: PayLine['type']) => lines.filter((l) => l.type === type).reduce((total, l) => total + l.amountMinor, 0);
  const grossMinor = sum('earning');
  const deductionsMinor = sum('deduction');
  if (deductionsMinor > grossMinor) {
    return {
      problems: [
        { code: null, message: `Deductions (${deductionsMinor}) exceed the gross pay (${grossMinor}): the net would be negative.` },
      ],
    };
  }
  return { payslip: { lines, grossMinor, deductionsMinor, netMinor: grossMinor - deductionsMinor } };
}
