// Pure and deterministic: the workflow's update validators and the API both use it. A task keeps
// the form it was opened with, so changing a form in code never changes tasks already open.

export interface ChoiceOption {
  value: string;
  label: string;
}

interface FieldBase {
  name: string;
  label: string;
  required: boolean;
  /** Required only when another field has a given value (a comment when rejecting). */
  requiredWhen?: { field: string; equals: string };
}

export type FormField = FieldBase &
  (
    | { type: 'choice'; options: ChoiceOption[] }
    | { type: 'multiChoice'; options: ChoiceOption[]; minSelected?: number; maxSelected?: number }
    | { type: 'text'; maxLength?: number }
    | { type: 'number'; min?: number; max?: number; integer?: boolean }
    /** Integer minor units in one of the currencies offered; never a float. */
    | { type: 'money'; currencies: string[]; min?: number; max?: number }
    /** A calendar date (YYYY-MM-DD). */
    | { type: 'date'; min?: string; max?: string }
    /** The id of an uploaded attachment; the API checks it belongs to the task. */
    | { type: 'attachment' }
  );

export type FieldType = FormField['type'];

export interface TaskForm {
  fields: FormField[];
  /**
   * Set when the step is done through the process's own page (a quote's lines, a work plan), not
   * this form: says where, and the generic complete command refuses with it.
   */
  elsewhere?: string;
}

export interface Money {
  amountMinor: number;
  currency: string;
}

export type FieldValue = string | number | string[] | Money | null;
export type FormValues = Record<string, unknown>;

export interface FieldProblem {
  path: string;
  message: string;
}

const isBlank = (value: unknown) =>
  value === undefined ||
  value === null ||
  (typeof value === 'string' && value.trim() === '') ||
  (Array.isArray(value) && value.length === 0);

const isoDate = /^(\d{4})-(\d{2})-(\d{2})$/;

/** A real calendar date: 2026-02-30 is refused, as is 2026-13-01. */
export function isCalendarDate(value: string): boolean {
  const match = isoDate.exec(value);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Date.UTC is pure; workflow code may use it (no clock involved).
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const optionList = (options: ChoiceOption[]) => options.map((o) => o.value).join(', ');

/** What is wrong with one present value, or null. */
function problemWith(field: FormField, value: unknown): string | null {
  switch (field.type) {
    case 'choice':
      if (typeof value !== 'string' || !field.options.some((o) => o.value === value))
        return `${field.label} must be one of ${optionList(field.options)}.`;
      return null;
    case 'multiChoice': {
      if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) return `${field.label} must be a list of choices.`;
      const unknown = value.filter((v) => !field.options.some((o) => o.value === v));
      if (unknown.length > 0) return `${field.label} must only contain ${optionList(field.options)}.`;
      if (new Set(value).size !== value.length) return `${field.label} lists a choice twice.`;
      if (field.minSelected !== undefined && value.length < field.minSelected)
        return `${field.label} needs at least ${field.minSelected} choices.`;
      if (field.maxSelected !== undefined && value.length > field.maxSelected)
        return `${field.label} allows at most ${field.maxSelected} choices.`;
      return null;
    }
    case 'text':
      if (typeof value !== 'string') return `${field.label} must be text.`;
      if (field.maxLength !== undefined && value.length > field.maxLength)
        return `${field.label} is longer than ${field.maxLength} characters.`;
      return null;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${field.label} must be a number.`;
      if (field.integer && !Number.isInteger(value)) return `${field.label} must be a whole number.`;
      if (field.min !== undefined && value < field.min) return `${field.label} must be at least ${field.min}.`;
      if (field.max !== undefined && value > field.max) return `${field.label} must be at most ${field.max}.`;
      return null;
    case 'money': {
      const money = value as Partial<Money>;
      if (typeof value !== 'object' || value === null || Array.isArray(value) || !Number.isSafeInteger(money.amountMinor))
        return `${field.label} must be an amount in minor units (a whole number of cents).`;
      if (typeof money.currency !== 'string' || !field.currencies.includes(money.currency))
        return `${field.label} must be in ${field.currencies.join(' or ')}.`;
      if (Object.keys(value).some((k) => k !== 'amountMinor' && k !== 'currency')) return `${field.label} has unknown parts.`;
      if (field.min !== undefined && money.amountMinor! < field.min) return `${field.label} must be at least ${field.min} minor units.`;
      if (field.max !== undefined && money.amountMinor! > field.max) return `${field.label} must be at most ${field.max} minor units.`;
      return null;
    }
    case 'date':
      if (typeof value !== 'string' || !isCalendarDate(value)) return `${field.label} must be a real date (YYYY-MM-DD).`;
      if (field.min !== undefined && value < field.min) return `${field.label} must be on or after ${field.min}.`;
      if (field.max !== undefined && value > field.max) return `${field.label} must be on or before ${field.max}.`;
      return null;
    case 'attachment':
      if (typeof value !== 'string' || !/^[0-9a-f-]{36}$/i.test(value)) return `${field.label} must be an attachment id.`;
      return null;
  }
}

export function validateForm(form: TaskForm, values: FormValues): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const known = new Set(form.fields.map((f) => f.name));
  for (const name of Object.keys(values)) {
    if (!known.has(name)) problems.push({ path: name, message: `Unknown field "${name}".` });
  }
  for (const field of form.fields) {
    const value = values[field.name];
    const required = field.required || (field.requiredWhen !== undefined && values[field.requiredWhen.field] === field.requiredWhen.equals);
    if (isBlank(value)) {
      if (required) problems.push({ path: field.name, message: `${field.label} is required.` });
      continue;
    }
    const problem = problemWith(field, value);
    if (problem) problems.push({ path: field.name, message: problem });
  }
  return problems;
}
