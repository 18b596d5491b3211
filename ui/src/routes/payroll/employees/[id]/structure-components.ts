import type { PayrollEmployeeSetup } from '$lib/api-types';
import { formatScaled, parseScaled } from '$lib/decimal';
import type { FieldErrors } from '$lib/field-errors';
import { formRows, readRows } from '$lib/form-rows';
import { formatMajorUnits, formatMoney, parseMajorUnits } from '$lib/money';

// A salary structure's components as HR types them (3000.00, 19.5 %) and as the API takes them
// (minor units, basis points): the server action sends what this reads, the page shows them back.

type SalaryComponent = PayrollEmployeeSetup['structures'][number]['components'][number];
type Rule = SalaryComponent['rule'];

export const COMPONENT_FIELDS = ['code', 'name', 'type', 'kind', 'amount', 'prorated', 'of', 'percent', 'hours', 'rate'] as const;
export type ComponentText = Record<(typeof COMPONENT_FIELDS)[number], string>;

/** Chosen from a list or ticked from the start: a row with nothing typed is blank whatever they hold. */
export const PRESET_FIELDS = ['type', 'kind', 'prorated', 'hours'];
export const MAX_COMPONENTS = 50;
export const blankComponent = (): ComponentText => ({
  code: '',
  name: '',
  type: 'earning',
  kind: 'fixed',
  amount: '',
  prorated: 'yes',
  of: '',
  percent: '',
  hours: 'overtime',
  rate: '',
});

export const TYPE_LABELS: Record<SalaryComponent['type'], string> = { earning: 'Earning', deduction: 'Deduction' };
export const KIND_LABELS: Record<Rule['kind'], string> = {
  fixed: 'A fixed amount',
  percentOf: 'A percentage of another component',
  hoursTimesRate: 'Hours × a rate',
};
export const HOURS_LABELS: Record<'overtime' | 'worked', string> = { overtime: 'Overtime hours', worked: 'Hours worked' };

const isType = (text: string): text is SalaryComponent['type'] => Object.hasOwn(TYPE_LABELS, text);
const isHours = (text: string): text is keyof typeof HOURS_LABELS => Object.hasOwn(HOURS_LABELS, text);

/** A row's rule as the API's integers, or what is wrong with what was typed. */
function ruleFrom(text: ComponentText, currency: string): { rule: Rule | null; problems: Partial<ComponentText> } {
  const amountProblem = `Give the amount in ${currency}, such as 3000.00.`;
  switch (text.kind) {
    case 'fixed': {
      const amountMinor = parseMajorUnits(text.amount, currency);
      if (amountMinor === null) return { rule: null, problems: { amount: amountProblem } };
      return { rule: { kind: 'fixed', amountMinor, prorated: text.prorated !== '' }, problems: {} };
    }
    case 'percentOf': {
      const basisPoints = parseScaled(text.percent.replace(/%$/, '').trim(), 2);
      if (basisPoints === null) return { rule: null, problems: { percent: 'Give a percentage, such as 20 or 19.5.' } };
      return { rule: { kind: 'percentOf', of: text.of, basisPoints }, problems: {} };
    }
    case 'hoursTimesRate': {
      const rateMinor = parseMajorUnits(text.rate, currency);
      if (!isHours(text.hours)) return { rule: null, problems: { hours: 'Choose which hours.' } };
      if (rateMinor === null) return { rule: null, problems: { rate: amountProblem } };
      return { rule: { kind: 'hoursTimesRate', hours: text.hours, rateMinor }, problems: {} };
    }
    default:
      return { rule: null, problems: { kind: 'Choose how it is computed.' } };
  }
}

/** A component as the API takes it; the code and the name are the API's to check. */
function componentFrom(text: ComponentText, currency: string): { value: SalaryComponent | null; problems: Partial<ComponentText> } {
  const { rule, problems } = ruleFrom(text, currency);
  if (!isType(text.type)) problems.type = 'Choose earning or deduction.';
  if (!rule || !isType(text.type)) return { value: null, problems };
  return { value: { code: text.code, name: text.name, type: text.type, rule }, problems };
}

/** Every row the form has, and the components of those filled in (blank rows are left out). */
export function componentsFrom(formData: FormData, currency: string) {
  const entered = formRows(formData, 'components', COMPONENT_FIELDS, MAX_COMPONENTS);
  const read = readRows(entered, 'components', (text) => componentFrom(text, currency), {
    ignoredInBlank: PRESET_FIELDS,
    noneGiven: 'A structure needs at least one component.',
  });
  return { entered, components: read.values, rowOfComponent: read.rowOf, problems: read.problems };
}

/** The API's field of each input, below `components.<n>`. */
const INPUT_OF: Record<string, keyof ComponentText> = {
  'rule.kind': 'kind',
  'rule.amountMinor': 'amount',
  'rule.prorated': 'prorated',
  'rule.of': 'of',
  'rule.basisPoints': 'percent',
  'rule.hours': 'hours',
  'rule.rateMinor': 'rate',
};

/**
 * The API's errors at the form's rows: `components.0.rule.amountMinor` at row 2's amount, and a
 * component that cannot be computed (`components.1`, a percentage of an unknown one) at its row.
 */
export function componentErrorsAtRows(errors: FieldErrors, rowOfComponent: readonly number[]): FieldErrors {
  const moved: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const [head, index, ...field] = path.split('.');
    const row = head === 'components' && index !== undefined ? rowOfComponent[Number(index)] : undefined;
    const input = field.join('.');
    const at = row === undefined ? path : input === '' ? `components.${row}` : `components.${row}.${INPUT_OF[input] ?? input}`;
    moved[at] ??= message;
  }
  return moved;
}

/** A structure's components as the editor's texts: a new structure starts from the one before it. */
export const componentsAsText = (components: SalaryComponent[], currency: string): ComponentText[] =>
  components.map(({ code, name, type, rule }) => ({
    ...blankComponent(),
    code,
    name,
    type,
    kind: rule.kind,
    ...(rule.kind === 'fixed' ? { amount: formatMajorUnits(rule.amountMinor, currency), prorated: rule.prorated ? 'yes' : '' } : {}),
    ...(rule.kind === 'percentOf' ? { of: rule.of, percent: formatScaled(rule.basisPoints, 2) } : {}),
    ...(rule.kind === 'hoursTimesRate' ? { hours: rule.hours, rate: formatMajorUnits(rule.rateMinor, currency) } : {}),
  }));

/** How a component is computed, in words: "20 % of base". */
export function ruleInWords(rule: Rule, currency: string): string {
  const money = (amountMinor: number) => formatMoney({ amountMinor, currency });
  switch (rule.kind) {
    case 'fixed':
      return `${money(rule.amountMinor)} a month${rule.prorated ? ', prorated by payable days' : ''}`;
    case 'percentOf':
      return `${formatScaled(rule.basisPoints, 2)} % of ${rule.of}`;
    case 'hoursTimesRate':
      return `${HOURS_LABELS[rule.hours]} × ${money(rule.rateMinor)}`;
  }
}
