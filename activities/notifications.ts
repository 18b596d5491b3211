import type { DbOrTx } from '../db/client.ts';
import { notifications, type NotificationKind } from '../db/schema/index.ts';
import { announce } from './platform-events.ts';
import type { TaskChange, TaskEventKind } from './tasks.ts';

export interface Notice {
  orgId: string;
  userId: string;
  kind: NotificationKind;
  taskId: string;
  /** The task's title: never free text from a form or a comment. */
  title: string;
  actorId: string | null;
  /** Unique per person with `userId`: writing the same notice again adds nothing. */
  eventKey: string;
}

/**
 * Writes notices in the caller's transaction, each once per person and event, and tells those
 * people's bells. Open streams hear of them only once the transaction commits. The bells are told
 * beside the insert rather than after it (a round trip fewer on every task change): a retry that
 * wrote nothing new tells them again, and a bell told twice reloads the same list.
 */
export async function recordNotices(tx: DbOrTx, notices: Notice[]): Promise<void> {
  if (notices.length === 0) return;
  await Promise.all([
    tx
      .insert(notifications)
      .values(notices)
      .onConflictDoNothing({ target: [notifications.userId, notifications.eventKey] }),
    announce(tx, { orgId: notices[0]!.orgId, userIds: [...new Set(notices.map((n) => n.userId))], topic: 'notifications' }),
  ]);
}

// The kit addresses these changes (its `mailTo`) to the people who now have something to do.
const addressedKinds: Partial<Record<TaskEventKind, NotificationKind>> = {
  opened: 'assigned',
  reassigned: 'assigned',
  escalated: 'escalated',
  delegated: 'delegated',
  resolved: 'returned',
  reminded: 'reminded',
};

/** Who hears of a task's change in their bell, and as what; nobody hears of their own doing. */
export function taskChangeNotices(change: TaskChange, workflowId: string, taskId: string): Notice[] {
  const { task, event } = change;
  const recipients =
    event.kind === 'completed'
      ? // Everyone who held it or could still decide it learns that someone else did.
        [task.holderId, task.delegateId, ...task.alsoAllowedIds].map((userId) => ({ userId, kind: 'decided' as const }))
      : change.mailTo.map((to) => ({ userId: to.id, kind: addressedKinds[event.kind] }));
  const told = new Set<string>();
  const notices: Notice[] = [];
  for (const { userId, kind } of recipients) {
    if (!userId || !kind || userId === event.actorId || told.has(userId)) continue;
    told.add(userId);
    notices.push({
      orgId: change.caseRef.orgId,
      userId,
      kind,
      taskId,
      title: task.title,
      actorId: event.actorId,
      eventKey: `${workflowId}:${event.key}`,
    });
  }
  return notices;
}
