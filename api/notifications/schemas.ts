import { z } from 'zod';

export const notificationIdParam = z.object({ id: z.uuid('must be a notification id') });

// The cursor is the last row's creation instant (to the microsecond, as PostgreSQL keeps it) and id.
const cursorPattern = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z\|[0-9a-f-]{36}$/;

export const notificationListQuery = z.strictObject({
  cursor: z
    .string()
    .max(200)
    .transform((text) => Buffer.from(text, 'base64url').toString())
    .refine((text) => cursorPattern.test(text), 'must be a cursor from a previous page')
    .transform((text) => {
      const [at, id] = text.split('|') as [string, string];
      return { at, id };
    })
    .optional(),
  limit: z.coerce.number().int().min(1).max(100).default(30),
});
export type NotificationListQuery = z.infer<typeof notificationListQuery>;

export const encodeCursor = (at: string, id: string) => Buffer.from(`${at}|${id}`).toString('base64url');
