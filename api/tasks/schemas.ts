import { z } from 'zod';

const fieldValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.array(z.string().max(200)).max(100),
  z.strictObject({ amountMinor: z.number().int(), currency: z.string().length(3) }),
  z.null(),
]);

export const taskIdParam = z.object({ id: z.uuid('must be a task id') });
const csv = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(2_000)
    .transform((v) =>
      v
        .split(',')
        .map((part) => part.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).max(max));

export const inboxSorts = ['due', 'priority', 'age', 'newest'] as const;

/**
 * What the inbox can be asked for, as query-string fields (`GET /api/tasks`, `GET /api/tasks/count`)
 * and as a saved view's filters. A business field of the case filters as `field.<name>=<value>`.
 */
export const inboxFilters = z.strictObject({
  status: z.enum(['open', 'done']).default('open'),
  caseType: csv(z.string().max(60), 20).optional(),
  kind: csv(z.string().max(60), 50).optional(),
  step: csv(z.string().max(60), 50).optional(),
  priority: csv(z.enum(['low', 'normal', 'high', 'urgent']), 4).optional(),
  /** `mine` (held or delegated to me), `queued` (offered to me, not yet claimed), or a queue's label. */
  queue: z.string().max(200).optional(),
  assigneeId: z.uuid('must be a user id').optional(),
  dueFrom: z.iso.datetime({ offset: true, message: 'must be a date and time' }).optional(),
  dueTo: z.iso.datetime({ offset: true, message: 'must be a date and time' }).optional(),
  overdue: z.enum(['true', 'false']).optional(),
  /** Full text over titles and the case's fields. */
  q: z.string().trim().max(200).optional(),
  fields: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]{0,59}$/, 'must be a field name'), z.string().max(200)).optional(),
  sort: z.enum(inboxSorts).default('due'),
});
export type InboxFilters = z.infer<typeof inboxFilters>;

/** `field.<name>=<value>` in a query string, folded into `fields`. */
function foldFields(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw;
  const query: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(raw)) {
    if (key.startsWith('field.')) fields[key.slice('field.'.length)] = value;
    else query[key] = value;
  }
  return Object.keys(fields).length > 0 ? { ...query, fields } : query;
}

/** The list's query string: the filters and the page. */
export const inboxQuery = z.preprocess(
  foldFields,
  inboxFilters.extend({
    cursor: z.string().max(500).optional(),
    limit: z.coerce.number().int().min(1).max(200).default(50),
  }),
);
/** The team tasks' page. */
export const teamTasksQuery = z.strictObject({
  cursor: z.string().max(500).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(100),
});

/** The count's query string: the filters alone. */
export const inboxCountQuery = z.preprocess(foldFields, inboxFilters);
export type InboxQuery = z.infer<typeof inboxQuery>;
export const completeTaskSchema = z.strictObject({
  values: z.record(z.string().max(100), fieldValue).refine((v) => Object.keys(v).length <= 50, 'too many fields'),
});
/** Many tasks of a kind that allows it, decided with the same form values. */
export const bulkCompleteSchema = z.strictObject({
  taskIds: z
    .array(z.uuid('must be a task id'))
    .min(1, 'choose at least one task')
    .max(100, 'at most 100 tasks at once')
    .refine((ids) => new Set(ids).size === ids.length, 'each task only once'),
  values: completeTaskSchema.shape.values,
});
export const handOverSchema = z.strictObject({ assigneeId: z.uuid('must be a user id'), reason: z.string().trim().max(500).optional() });
export const resolveTaskSchema = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const moveDueSchema = z.strictObject({
  dueAt: z.iso.datetime({ offset: true, message: 'must be a date and time' }),
  reason: z.string().trim().max(500).optional(),
});
export const emptyBody = z.strictObject({});
