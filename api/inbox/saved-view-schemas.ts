import { z } from 'zod';
import type { FieldDetail } from '../errors.ts';
import { HttpError } from '../errors.ts';
import { inboxQuery } from '../tasks/schemas.ts';

export const savedViewIdParam = z.object({ id: z.uuid('must be a saved view id') });

const viewName = z.string().trim().min(1, 'must not be empty').max(80, 'at most 80 characters');

/** The inbox's query string as a view keeps it (`field.<name>` for a case's business field). */
const filterEntries = z
  .record(z.string().min(1).max(80), z.string().max(2_000))
  .refine((filters) => Object.keys(filters).length <= 40, 'at most 40 filters');

export const newSavedViewSchema = z.strictObject({
  name: viewName,
  filters: filterEntries,
  sharedWithDepartment: z.boolean().optional(),
});

export const savedViewChangeSchema = z
  .strictObject({ name: viewName.optional(), filters: filterEntries.optional(), sharedWithDepartment: z.boolean().optional() })
  .refine((change) => Object.keys(change).length > 0, 'change the name, the filters or the sharing');

/** Where a view's paging would come from: the inbox page itself, never the view. */
const pageKeys = new Set(['cursor', 'limit']);

/** The zod issue's place in the query string the view keeps (`fields.x` was `field.x` there). */
function pathOf(issue: z.core.$ZodIssue): string[] {
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `filters.${key}`);
  const [first, second] = issue.path.map(String);
  return [first === 'fields' && second ? `filters.field.${second}` : `filters${first ? `.${first}` : ''}`];
}

/**
 * A view's filters, checked as `GET /api/tasks` would read them, so a view never opens to a 400.
 * An empty value is no filter (a filter bar submits every input) and is not kept.
 */
export function checkedFilters(filters: Record<string, string>): Record<string, string> {
  const kept = Object.fromEntries(Object.entries(filters).filter(([, value]) => value.trim() !== ''));
  const problems: FieldDetail[] = Object.keys(kept)
    .filter((key) => pageKeys.has(key))
    .map((key) => ({ path: `filters.${key}`, message: 'a view keeps filters, not a page' }));
  const parsed = inboxQuery.safeParse(kept);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) problems.push(...pathOf(issue).map((path) => ({ path, message: issue.message })));
  }
  if (problems.length > 0) {
    throw new HttpError(400, 'invalid_input', `Invalid filters: ${problems.map((p) => `${p.path}: ${p.message}`).join('; ')}`, problems);
  }
  return kept;
}
