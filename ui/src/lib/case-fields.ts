import type { CaseFieldValue } from './api-types';
import { formatDate } from './format';

export type CaseFieldEntry = { name: string; label: string; value: string };

/** "employeeName" → "Employee name": for a field its case type gave no label. */
function labelOf(name: string): string {
  const words = name
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

/** A field's value as text: dates (YYYY-MM-DD) in it read as dates, nothing as a dash. */
export function formatCaseValue(value: CaseFieldValue): string {
  if (value === null || value === '') return '—';
  if (typeof value === 'number') return String(value);
  return value.replace(/\b\d{4}-\d{2}-\d{2}\b/g, (day) => formatDate(day));
}

/** The business fields of a task's case, in the order the case type gave them. */
export function caseFieldEntries(fields: Record<string, CaseFieldValue>, labels: Record<string, string> = {}): CaseFieldEntry[] {
  return Object.entries(fields).map(([name, value]) => ({ name, label: labels[name] ?? labelOf(name), value: formatCaseValue(value) }));
}
