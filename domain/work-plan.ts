// A work breakdown's rules: pure, so the workflow's validator refuses a bad plan at once and the
// workflow decides from the same code which items may start.

export interface PlannedItem {
  /** Unique in the engagement; dependencies and sub-tasks name it. */
  key: string;
  title: string;
  /** A sub-task names its parent item. */
  parentKey?: string | null;
  assigneeId: string;
  estimateMinutes: number;
  dueOn?: string | null;
  priority: 'low' | 'normal' | 'high' | 'urgent';
  dependsOn: string[];
}

export interface PlanProblem {
  path: string;
  message: string;
}

const keyPattern = /^[a-z0-9][a-z0-9-]{0,39}$/;

/** One dependency cycle among the items (as keys, first repeated at the end), or null. */
export function dependencyCycle(items: Pick<PlannedItem, 'key' | 'dependsOn'>[]): string[] | null {
  const edges = new Map(items.map((i) => [i.key, i.dependsOn]));
  const state = new Map<string, 'visiting' | 'done'>();
  const path: string[] = [];
  const visit = (key: string): string[] | null => {
    if (state.get(key) === 'done') return null;
    if (state.get(key) === 'visiting') return [...path.slice(path.indexOf(key)), key];
    state.set(key, 'visiting');
    path.push(key);
    for (const next of edges.get(key) ?? []) {
      const cycle = visit(next);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(key, 'done');
    return null;
  };
  for (const item of items) {
    const cycle = visit(item.key);
    if (cycle) return cycle;
  }
  return null;
}

/** What is wrong with a plan: keys, references, estimates, and any dependency cycle. */
export function planProblems(items: PlannedItem[], existingKeys: readonly string[] = []): PlanProblem[] {
  const problems: PlanProblem[] = [];
  if (items.length === 0) problems.push({ path: 'items', message: 'A work breakdown needs at least one item.' });
  if (items.length > 500) problems.push({ path: 'items', message: 'A work breakdown has at most 500 items.' });
  const known = new Set(existingKeys);
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.key)) problems.push({ path: `items.${item.key}`, message: `The key "${item.key}" is used twice.` });
    seen.add(item.key);
    known.add(item.key);
  }
  items.forEach((item, i) => {
    const at = (field: string, message: string) => problems.push({ path: `items.${i}.${field}`, message });
    if (!keyPattern.test(item.key)) at('key', 'A key is 1 to 40 lower-case letters, digits or dashes.');
    if (!item.title?.trim()) at('title', 'Give the item a title.');
    if (!Number.isInteger(item.estimateMinutes) || item.estimateMinutes < 1 || item.estimateMinutes > 100_000)
      at('estimateMinutes', 'The estimate must be a whole number of minutes, at least 1.');
    if (item.parentKey && !known.has(item.parentKey)) at('parentKey', `There is no item "${item.parentKey}".`);
    if (item.parentKey === item.key) at('parentKey', 'An item cannot be its own parent.');
    for (const dep of item.dependsOn) {
      if (!known.has(dep)) at('dependsOn', `There is no item "${dep}" to depend on.`);
      if (dep === item.key) at('dependsOn', 'An item cannot depend on itself.');
    }
  });
  const cycle = dependencyCycle(items);
  if (cycle && cycle.length > 2) problems.push({ path: 'items', message: `The dependencies go round in a circle: ${cycle.join(' → ')}.` });
  return problems;
}

/** Items not done whose dependencies are all done: they may start now. */
export function readyToStart(
  items: Pick<PlannedItem, 'key' | 'dependsOn'>[],
  done: ReadonlySet<string>,
  started: ReadonlySet<string>,
): string[] {
  return items.filter((i) => !done.has(i.key) && !started.has(i.key) && i.dependsOn.every((d) => done.has(d))).map((i) => i.key);
}
