import { and, count, desc, eq, isNull, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { notifications, users } from '../../db/schema/index.ts';
import { encodeCursor, type NotificationListQuery } from './schemas.ts';

type Reader = Pick<Principal, 'id' | 'orgId'>;

const own = (reader: Reader) => and(eq(notifications.orgId, reader.orgId), eq(notifications.userId, reader.id));

// Text, not a Date: a JavaScript Date keeps milliseconds, and rows a microsecond apart would be skipped.
const createdAtText = sql<string>`to_char(${notifications.createdAt} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/** A person's own notices, newest first, a page at a time (an index range on user and time). */
export async function listNotifications(db: DbOrTx, reader: Reader, { cursor, limit }: NotificationListQuery) {
  const rows = await db
    .select({
      id: notifications.id,
      kind: notifications.kind,
      title: notifications.title,
      taskId: notifications.taskId,
      actorName: users.name,
      readAt: notifications.readAt,
      createdAt: notifications.createdAt,
      cursorAt: createdAtText,
    })
    .from(notifications)
    .leftJoin(users, eq(users.id, notifications.actorId))
    .where(
      and(
        own(reader),
        cursor ? sql`(${notifications.createdAt}, ${notifications.id}) < (${cursor.at}::timestamptz, ${cursor.id}::uuid)` : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(limit + 1);
  const page = rows.slice(0, limit);
  const last = page.at(-1);
  return {
    notifications: page.map(({ cursorAt: _cursor, ...notice }) => notice),
    nextCursor: rows.length > limit && last ? encodeCursor(last.cursorAt, last.id) : null,
  };
}

/** The bell's number: a partial index holds the unread rows only. */
export async function unreadCount(db: DbOrTx, reader: Reader): Promise<number> {
  const [row] = await db
    .select({ unread: count() })
    .from(notifications)
    .where(and(own(reader), isNull(notifications.readAt)));
  return row?.unread ?? 0;
}

/** Marks one of the reader's own notices read (again is fine); false when it is not theirs or not there. */
export async function markRead(db: DbOrTx, reader: Reader, id: string): Promise<boolean> {
  const marked = await db
    .update(notifications)
    .set({ readAt: sql`coalesce(${notifications.readAt}, now())` })
    .where(and(own(reader), eq(notifications.id, id)))
    .returning({ id: notifications.id });
  return marked.length > 0;
}

/** Marks every unread notice of the reader read; how many were. */
export async function markAllRead(db: DbOrTx, reader: Reader): Promise<number> {
  const marked = await db
    .update(notifications)
    .set({ readAt: sql`now()` })
    .where(and(own(reader), isNull(notifications.readAt)))
    .returning({ id: notifications.id });
  return marked.length;
}
