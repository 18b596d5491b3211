// Quote arithmetic, the same everywhere (the API's preview, the workflow, the PDF): pure, integers
// only. Every amount is computed per line and rounded half up at each step (domain/rounding.ts);
// totals are sums of the rounded line amounts, so the lines always add up to the totals under them.
import { mulDivHalfUp } from './rounding.ts';

export interface QuoteLine {
  description: string;
  /** Hundredths of a unit (150 = 1.5 hours), so quantities never need floating point. */
  quantityHundredths: number;
  unitPriceMinor: number;
  /** Basis points (1000 = 10 %), 0 to 10000. */
  discountBasisPoints: number;
  /** Basis points (1900 = 19 %), 0 to 10000. */
  taxBasisPoints: number;
}

export interface PricedLine extends QuoteLine {
  grossMinor: number;
  discountMinor: number;
  netMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export interface QuoteTotals {
  lines: PricedLine[];
  subtotalMinor: number;
  discountMinor: number;
  taxMinor: number;
  totalMinor: number;
}

export function priceLine(line: QuoteLine): PricedLine {
  const grossMinor = mulDivHalfUp(line.quantityHundredths, line.unitPriceMinor, 100);
  const discountMinor = mulDivHalfUp(grossMinor, line.discountBasisPoints, 10_000);
  const netMinor = grossMinor - discountMinor;
  const taxMinor = mulDivHalfUp(netMinor, line.taxBasisPoints, 10_000);
  return { ...line, grossMinor, discountMinor, netMinor, taxMinor, totalMinor: netMinor + taxMinor };
}

export function quoteTotals(lines: QuoteLine[]): QuoteTotals {
  const priced = lines.map(priceLine);
  const sum = (pick: (l: PricedLine) => number) => priced.reduce((total, l) => total + pick(l), 0);
  return {
    lines: priced,
    subtotalMinor: sum((l) => l.grossMinor),
    discountMinor: sum((l) => l.discountMinor),
    taxMinor: sum((l) => l.taxMinor),
    totalMinor: sum((l) => l.totalMinor),
  };
}

export interface LineProblem {
  path: string;
  message: string;
}

const maxMinor = 1_000_000_000_00; // a billion in major units: well inside integer and column range
const isWhole = (n: unknown, min: number, max: number): n is number => typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max;

/** What is wrong with a quote's lines; the workflow's validator and the API both use it. */
export function quoteProblems(lines: QuoteLine[]): LineProblem[] {
  const problems: LineProblem[] = [];
  if (lines.length === 0) problems.push({ path: 'lines', message: 'A quote needs at least one line.' });
  if (lines.length > 200) problems.push({ path: 'lines', message: 'A quote has at most 200 lines.' });
  lines.forEach((line, i) => {
    const at = (field: string, message: string) => problems.push({ path: `lines.${i}.${field}`, message });
    if (typeof line.description !== 'string' || line.description.trim() === '') at('description', 'Describe the line.');
    else if (line.description.length > 500) at('description', 'A line description has at most 500 characters.');
    if (!isWhole(line.quantityHundredths, 1, 100_000_000)) at('quantityHundredths', 'The quantity must be above 0, in hundredths.');
    if (!isWhole(line.unitPriceMinor, 0, maxMinor))
      at('unitPriceMinor', 'The unit price must be a whole amount of minor units, 0 or more.');
    if (!isWhole(line.discountBasisPoints, 0, 10_000)) at('discountBasisPoints', 'The discount must be between 0 and 100 %.');
    if (!isWhole(line.taxBasisPoints, 0, 10_000)) at('taxBasisPoints', 'The tax rate must be between 0 and 100 %.');
  });
  if (problems.length === 0 && quoteTotals(lines).totalMinor > maxMinor)
    problems.push({ path: 'lines', message: 'The quote total is too large.' });
  return problems;
}
