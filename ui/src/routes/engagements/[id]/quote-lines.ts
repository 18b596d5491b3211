import { quoteTotals, type QuoteLine } from '$lib/cases/engagement/domain';
import type { FieldErrors } from '$lib/field-errors';
import { formatScaled, parseScaled } from '$lib/decimal';
import { formatMajorUnits, parseMajorUnits } from '$lib/money';
import { errorsAtRows, formRows, isBlankRow, readRows } from '$lib/form-rows';

// The quote editor's lines, as typed and as the API takes them: the server action sends what this
// reads, and the editor shows the totals of the same lines, computed by the API's own code.

export const LINE_FIELDS = ['description', 'quantity', 'unitPrice', 'discount', 'tax'] as const;
export type QuoteLineText = Record<(typeof LINE_FIELDS)[number], string>;

/** The API's field for each input: the inputs hold what people type (1.5, 120.00, 19), not integers. */
const INPUT_OF: Record<keyof QuoteLine, keyof QuoteLineText> = {
  description: 'description',
  quantityHundredths: 'quantity',
  unitPriceMinor: 'unitPrice',
  discountBasisPoints: 'discount',
  taxBasisPoints: 'tax',
};

export const MAX_LINES = 200;
export const blankLine = (): QuoteLineText => ({ description: '', quantity: '', unitPrice: '', discount: '', tax: '' });

/** A quote line as the API's integers (hundredths, minor units, basis points), or what is wrong with it. */
export function lineFrom(text: QuoteLineText, currency: string): { value: QuoteLine | null; problems: Partial<QuoteLineText> } {
  const problems: Partial<QuoteLineText> = {};
  const quantityHundredths = parseScaled(text.quantity, 2);
  const unitPriceMinor = parseMajorUnits(text.unitPrice, currency);
  const percent = (typed: string) => (typed === '' ? 0 : parseScaled(typed.replace(/%$/, '').trim(), 2));
  const discountBasisPoints = percent(text.discount);
  const taxBasisPoints = percent(text.tax);
  if (!text.description) problems.description = 'Describe the line.';
  if (quantityHundredths === null || quantityHundredths === 0) problems.quantity = 'Give a quantity above 0, such as 1 or 1.5.';
  if (unitPriceMinor === null || unitPriceMinor < 0) problems.unitPrice = `Give the unit price in ${currency}, such as 120 or 120.50.`;
  if (discountBasisPoints === null || discountBasisPoints > 10_000) problems.discount = 'Give a discount between 0 and 100 %.';
  if (taxBasisPoints === null || taxBasisPoints > 10_000) problems.tax = 'Give a tax rate between 0 and 100 %.';
  if (Object.keys(problems).length > 0) return { value: null, problems };
  return {
    value: {
      description: text.description,
      quantityHundredths: quantityHundredths!,
      unitPriceMinor: unitPriceMinor!,
      discountBasisPoints: discountBasisPoints!,
      taxBasisPoints: taxBasisPoints!,
    },
    problems,
  };
}

/** Every row the form has, and the lines of those that are filled in (blank rows are left out). */
export function quoteLinesFrom(formData: FormData, currency: string) {
  const entered = formRows(formData, 'lines', LINE_FIELDS, MAX_LINES);
  const read = readRows(entered, 'lines', (text) => lineFrom(text, currency), { noneGiven: 'A quote needs at least one line.' });
  return { entered, lines: read.values, rowOfLine: read.rowOf, problems: read.problems };
}

/** The totals of the rows that read as lines; a row still being typed shows no total. */
export function quotePreview(rows: QuoteLineText[], currency: string) {
  const lines = rows.map((text) => (isBlankRow(text) ? null : lineFrom(text, currency).value));
  const priced = quoteTotals(lines.filter((line): line is QuoteLine => line !== null));
  let next = 0;
  return {
    lineTotals: lines.map((line) => (line ? priced.lines[next++]!.totalMinor : null)),
    totals: priced,
    incomplete: lines.some((line, row) => line === null && !isBlankRow(rows[row]!)),
  };
}

/** The API's errors on the lines it was sent, at the rows and inputs they came from. */
export const quoteErrorsAtRows = (errors: FieldErrors, rowOfLine: readonly number[]) => errorsAtRows(errors, 'lines', rowOfLine, INPUT_OF);

/** A quote's lines as the editor's texts: a quote sent back starts from the one before it. */
export const linesAsText = (lines: QuoteLine[], currency: string): QuoteLineText[] =>
  lines.map((line) => ({
    description: line.description,
    quantity: formatScaled(line.quantityHundredths, 2),
    unitPrice: formatMajorUnits(line.unitPriceMinor, currency),
    discount: line.discountBasisPoints ? formatScaled(line.discountBasisPoints, 2) : '',
    tax: line.taxBasisPoints ? formatScaled(line.taxBasisPoints, 2) : '',
  }));
