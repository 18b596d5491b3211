import type { WorkPlanItemInput } from '$lib/api-types';
import { parseHoursAsMinutes } from '$lib/decimal';
import type { FieldErrors } from '$lib/field-errors';
import { errorsAtRows, formRows, readRows } from '$lib/form-rows';

// The work plan editor's items, as typed and as the API takes them.

export const ITEM_FIELDS = ['key', 'title', 'parentKey', 'assigneeId', 'estimateHours', 'dueOn', 'priority', 'dependsOn'] as const;
export type PlanItemText = Record<(typeof ITEM_FIELDS)[number], string>;

export const PRIORITIES = ['low', 'normal', 'high', 'urgent'] as const;
type Priority = (typeof PRIORITIES)[number];

export const MAX_ITEMS = 500;
export const blankItem = (): PlanItemText => ({
  key: '',
  title: '',
  parentKey: '',
  assigneeId: '',
  estimateHours: '',
  dueOn: '',
  priority: 'normal',
  dependsOn: '',
});

/** "design, build" (typed without JavaScript) or the multi-select's values, joined: the keys, each once. */
export const dependencyKeys = (text: string): string[] => [...new Set(text.split(/[\s,]+/).filter(Boolean))];

export function itemFrom(text: PlanItemText): { value: WorkPlanItemInput | null; problems: Partial<PlanItemText> } {
  const problems: Partial<PlanItemText> = {};
  const estimateMinutes = parseHoursAsMinutes(text.estimateHours);
  if (!text.key) problems.key = 'Give the item a key, such as design.';
  if (!text.title) problems.title = 'Give the item a title.';
  if (!text.assigneeId) problems.assigneeId = 'Choose who does it.';
  if (estimateMinutes === null || estimateMinutes === 0) problems.estimateHours = 'Give the estimate in hours, such as 4 or 1.5.';
  if (!PRIORITIES.includes(text.priority as Priority)) problems.priority = 'Choose a priority.';
  if (Object.keys(problems).length > 0) return { value: null, problems };
  return {
    value: {
      key: text.key,
      title: text.title,
      parentKey: text.parentKey || null,
      assigneeId: text.assigneeId,
      estimateMinutes: estimateMinutes!,
      dueOn: text.dueOn || null,
      priority: text.priority as Priority,
      dependsOn: dependencyKeys(text.dependsOn),
    },
    problems,
  };
}

/** Every row the form has, and the items of those filled in (a row with only its priority is blank). */
export function planItemsFrom(formData: FormData) {
  const entered = formRows(formData, 'items', ITEM_FIELDS, MAX_ITEMS);
  const read = readRows(entered, 'items', itemFrom, { ignoredInBlank: ['priority'], noneGiven: 'A work plan needs at least one item.' });
  return { entered, items: read.values, rowOfItem: read.rowOf, problems: read.problems };
}

/** The API's errors on the items it was sent, at the rows and inputs they came from. */
export const planErrorsAtRows = (errors: FieldErrors, entered: PlanItemText[], rowOfItem: readonly number[]) =>
  errorsAtRows(errors, 'items', rowOfItem, { estimateMinutes: 'estimateHours' }, (key) => {
    const row = entered.findIndex((text) => text.key === key);
    return row < 0 ? undefined : row;
  });
