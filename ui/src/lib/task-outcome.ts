import type { Task, TaskFormField } from './api-types';
import { formatDate } from './format';
import { formatMoney } from './money';

export type OutcomeEntry = { label: string; value: string };

/**
 * A finished task's outcome, read through its form: the submitted values, choices by their label.
 * The API may wrap the values (`{ values: {...} }`); both shapes are read.
 */
export function outcomeEntries(task: Task): OutcomeEntry[] {
  const outcome = isRecord(task.outcome) && isRecord(task.outcome.values) ? task.outcome.values : task.outcome;
  if (!isRecord(outcome)) return [];
  const entries: OutcomeEntry[] = [];
  for (const field of task.form.fields) {
    const value = outcomeText(field, outcome[field.name]);
    if (value !== null) entries.push({ label: field.label, value });
  }
  return entries;
}

/** One submitted value as text, or null when there is none (or it is not of the field's kind). */
function outcomeText(field: TaskFormField, value: unknown): string | null {
  if (value === undefined || value === null || value === '') return null;
  switch (field.type) {
    case 'choice':
      return typeof value === 'string' ? (field.options.find((option) => option.value === value)?.label ?? value) : null;
    case 'multiChoice':
      if (!Array.isArray(value) || value.length === 0) return null;
      return value.map((chosen) => field.options.find((option) => option.value === chosen)?.label ?? String(chosen)).join(', ');
    case 'money':
      return isRecord(value) && typeof value.amountMinor === 'number' && typeof value.currency === 'string'
        ? formatMoney({ amountMinor: value.amountMinor, currency: value.currency })
        : null;
    case 'date':
      return typeof value === 'string' ? formatDate(value) : null;
    default:
      return typeof value === 'string' || typeof value === 'number' ? String(value) : null;
  }
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
