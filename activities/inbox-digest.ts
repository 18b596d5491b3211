import { and, asc, eq, gte, inArray, lt, sql } from 'drizzle-orm';
import { visibleAndFiltered, type Viewer } from '../api/tasks/inbox-sql.ts';
import type { Db } from '../db/client.ts';
import { notifications, organizations, outboundEmails, tasks, userPreferences, users, type NotificationKind } from '../db/schema/index.ts';
import { digestDay, digestEmailKey, digestWindow, earlierDigestKeys, localTime, type DigestWindow } from '../domain/inbox-digest.ts';
import { queueEmails, type Email } from '../mail/outbox.ts';
import type { InboxDigestInput, InboxDigestOutcome } from '../workflows/inbox-digest/messages.ts';

export interface InboxDigestDeps {
  db: Db;
  appUrl: string;
}

interface Reader extends Viewer {
  name: string;
  email: string;
}

interface Notice {
  userId: string;
  kind: NotificationKind;
  taskId: string | null;
  title: string;
  createdAt: Date;
}

/** What the digest says of each kind of notice, after the task's title. */
const kindLabels: Record<NotificationKind, string> = {
  assigned: 'assigned to you',
  escalated: 'escalated to you',
  delegated: 'your help is asked',
  returned: 'back with you',
  reminded: 'reminder',
  mentioned: 'you were mentioned',
  decided: 'decided by someone else',
};

// Bounds the statements' parameter lists and what is held in memory, however large the organisation.
const readersPerBatch = 200;

const count = (n: number, one: string, many: string) => `${n} ${n === 1 ? one : many}`;

/** Where each reader's previous digest ended: its outbox row was queued at the end of what it covered. */
async function previousDigestEnds(db: Db, orgId: string, readers: Reader[], at: Date, timeZone: string): Promise<Map<string, Date>> {
  const keys = readers.flatMap((r) => earlierDigestKeys(r.id, at, timeZone));
  const rows = await db
    .select({ key: outboundEmails.key, queuedAt: outboundEmails.createdAt })
    .from(outboundEmails)
    .where(and(eq(outboundEmails.orgId, orgId), inArray(outboundEmails.key, keys)));
  const ends = new Map<string, Date>();
  for (const row of rows) {
    const userId = row.key.split(':')[1]!;
    const known = ends.get(userId);
    if (!known || known < row.queuedAt) ends.set(userId, row.queuedAt);
  }
  return ends;
}

/**
 * Which of these tasks the reader may still see (the inbox's own rule: a task reassigned away, or
 * closed after they were only asked to help, is no longer theirs to open), and their open tasks.
 */
async function readerTasks(db: Db, reader: Reader, taskIds: string[]) {
  const open = visibleAndFiltered(reader, { status: 'open', sort: 'due' });
  const done = visibleAndFiltered(reader, { status: 'done', sort: 'due' });
  const ids = sql.join(
    taskIds.map((id) => sql`${id}::uuid`),
    sql`, `,
  );
  const [row] = await db.execute<{ visible: string[]; held: number; queued: number }>(sql`
    select array(select t.id from ${tasks} t where t.id in (${ids}) and ((${open}) or (${done}))) as visible,
           (select count(*)::int from ${tasks} t where ${open} and (t.assignee_id = ${reader.id} or t.delegate_id = ${reader.id})) as held,
           (select count(*)::int from ${tasks} t where ${open} and t.assignee_id is null) as queued`);
  return { visible: new Set(row!.visible), held: row!.held, queued: row!.queued };
}

/** One reader's digest, or null when nothing they may see happened in the window. */
async function digestFor(
  db: Db,
  appUrl: string,
  reader: Reader,
  notices: Notice[],
  window: DigestWindow,
  timeZone: string,
  day: string,
): Promise<Email | null> {
  if (notices.length === 0) return null;
  const taskIds = [...new Set(notices.flatMap((n) => (n.taskId ? [n.taskId] : [])))];
  const { visible, held, queued } = await readerTasks(db, reader, taskIds);
  // One line per task, in the order its news came; the newest title, each kind once.
  const byTask = new Map<string, { title: string; kinds: Set<NotificationKind> }>();
  let hidden = 0;
  for (const notice of notices) {
    if (!notice.taskId || !visible.has(notice.taskId)) {
      hidden += 1;
      continue;
    }
    const line = byTask.get(notice.taskId) ?? { title: notice.title, kinds: new Set() };
    line.title = notice.title;
    line.kinds.add(notice.kind);
    byTask.set(notice.taskId, line);
  }
  if (byTask.size === 0) return null;
  const lines = [...byTask].flatMap(([taskId, { title, kinds }]) => [
    `- ${title}: ${[...kinds].map((k) => kindLabels[k]).join(', ')}`,
    `  ${appUrl}/inbox/${taskId}`,
  ]);
  const heldLine = `You hold ${count(held, 'open task', 'open tasks')}${queued > 0 ? `; ${queued} more ${queued === 1 ? 'waits' : 'wait'} in your queues` : ''}.`;
  return {
    key: digestEmailKey(reader.id, day),
    orgId: reader.orgId,
    to: reader.email,
    subject: `Your daily task digest: ${count(byTask.size, 'task', 'tasks')} with news`,
    text: [
      `Hello ${reader.name},`,
      '',
      `Since ${localTime(window.from, timeZone)}:`,
      '',
      ...lines,
      ...(hidden > 0 ? ['', `${count(hidden, 'more update is', 'more updates are')} about tasks no longer with you.`] : []),
      '',
      heldLine,
      `Your inbox: ${appUrl}/inbox`,
      '',
      `You get this once a day instead of an e-mail for each task. To change that: ${appUrl}/account`,
      '',
    ].join('\n'),
    // The next digest starts where this one ended, to the microsecond: nothing falls between two.
    queuedAt: window.to,
  };
}

export function createInboxDigestActivities({ db, appUrl }: InboxDigestDeps) {
  return {
    /**
     * Queues one digest for each person of the organisation who chose it: the bell's notices since
     * their previous digest, about tasks they may still see, and how many open tasks they hold.
     * Nobody gets an empty one. Keyed by person and local day, so a retry or a second run of the
     * same day queues nothing more.
     */
    async sendInboxDigests(input: Required<InboxDigestInput>): Promise<InboxDigestOutcome> {
      const at = new Date(input.at);
      const readers = await db
        .select({
          id: users.id,
          orgId: users.orgId,
          name: users.name,
          email: users.email,
          roles: users.roles,
          departmentId: users.departmentId,
          timeZone: organizations.timeZone,
        })
        .from(userPreferences)
        .innerJoin(users, eq(users.id, userPreferences.userId))
        .innerJoin(organizations, eq(organizations.id, users.orgId))
        .where(
          and(
            eq(userPreferences.orgId, input.orgId),
            eq(users.orgId, input.orgId),
            eq(userPreferences.emailMode, 'digest'),
            eq(users.active, true),
          ),
        )
        .orderBy(asc(users.id));
      if (readers.length === 0) return { readers: 0, sent: 0 };
      const timeZone = readers[0]!.timeZone;
      const day = digestDay(at, timeZone);
      let sent = 0;
      for (let i = 0; i < readers.length; i += readersPerBatch) {
        const batch = readers.slice(i, i + readersPerBatch);
        const ends = await previousDigestEnds(db, input.orgId, batch, at, timeZone);
        const windows = new Map(batch.map((r) => [r.id, digestWindow(at, timeZone, ends.get(r.id) ?? null)]));
        const earliest = new Date(Math.min(...[...windows.values()].map((w) => w.from.getTime())));
        const notices = await db
          .select({
            userId: notifications.userId,
            kind: notifications.kind,
            taskId: notifications.taskId,
            title: notifications.title,
            createdAt: notifications.createdAt,
          })
          .from(notifications)
          .where(
            and(
              eq(notifications.orgId, input.orgId),
              inArray(
                notifications.userId,
                batch.map((r) => r.id),
              ),
              gte(notifications.createdAt, earliest),
              lt(notifications.createdAt, at),
            ),
          )
          .orderBy(asc(notifications.createdAt), asc(notifications.id));
        const digests = await Promise.all(
          batch.map((reader) => {
            const window = windows.get(reader.id)!;
            const theirs = notices.filter((n) => n.userId === reader.id && n.createdAt >= window.from);
            return digestFor(db, appUrl, reader, theirs, window, timeZone, day);
          }),
        );
        sent += await queueEmails(
          db,
          digests.filter((d): d is Email => d !== null),
        );
      }
      return { readers: readers.length, sent };
    },
  };
}
