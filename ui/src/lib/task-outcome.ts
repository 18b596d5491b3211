import type { Task } from './api-types';

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
    const value = outcome[field.name];
    if (typeof value !== 'string' || value === '') continue;
    const option = field.options?.find((candidate) => candidate.value === value);
    entries.push({ label: field.label, value: option?.label ?? value });
  }
  return entries;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
