import type { Task, TaskFormField } from '$lib/api-types';

type ChoiceField = Extract<TaskFormField, { type: 'choice' }>;
type TextField = Extract<TaskFormField, { type: 'text' }>;

/** A kind of task decided many at once: one button per option of its choice, its text fields filled once for all. */
export type BulkDecisionGroup = { kind: string; kindLabel: string; choice: ChoiceField; textFields: TextField[] };

const choiceOf = (task: Task) => task.form.fields.find((field): field is ChoiceField => field.type === 'choice');

/** Whether the inbox offers this task for a bulk decision: open, of a kind that allows it, with a choice to make. */
export const bulkDecidable = (task: Task) => task.status === 'open' && task.bulkDecision && choiceOf(task) !== undefined;

/** The id of the form that decides a kind's selected tasks: their checkboxes belong to it from their rows. */
export const bulkFormId = (kind: string) => `bulk-decision-${kind}`;

/** Input names of the bulk form: the form's values, and the titles the page showed (for the report). */
export const bulkInput = { value: 'value.', title: 'title.' } as const;

export function bulkDecisionGroups(tasks: Task[]): BulkDecisionGroup[] {
  const groups = new Map<string, BulkDecisionGroup>();
  for (const task of tasks) {
    if (!bulkDecidable(task) || groups.has(task.kind)) continue;
    const textFields = task.form.fields.filter((field): field is TextField => field.type === 'text');
    groups.set(task.kind, { kind: task.kind, kindLabel: task.kindLabel, choice: choiceOf(task)!, textFields });
  }
  return [...groups.values()];
}
