import { z } from 'zod';

const fieldValue = z.union([
  z.string().max(10_000),
  z.number(),
  z.array(z.string().max(200)).max(100),
  z.strictObject({ amountMinor: z.number().int(), currency: z.string().length(3) }),
  z.null(),
]);

export const taskIdParam = z.object({ id: z.uuid('must be a task id') });
export const inboxQuery = z.object({ status: z.enum(['open', 'done']).default('open') });
export const completeTaskSchema = z.strictObject({
  values: z.record(z.string().max(100), fieldValue).refine((v) => Object.keys(v).length <= 50, 'too many fields'),
});
export const handOverSchema = z.strictObject({ assigneeId: z.uuid('must be a user id'), reason: z.string().trim().max(500).optional() });
export const resolveTaskSchema = z.strictObject({ comment: z.string().trim().max(2000).optional() });
export const moveDueSchema = z.strictObject({
  dueAt: z.iso.datetime({ offset: true, message: 'must be a date and time' }),
  reason: z.string().trim().max(500).optional(),
});
export const emptyBody = z.strictObject({});
