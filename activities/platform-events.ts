import type { DbOrTx } from '../db/client.ts';
import { notify } from '../db/notify.ts';

/** PostgreSQL channel the API listens on to push live updates to open inboxes. */
export const platformEventsChannel = 'platform_events';

export interface PlatformEvent {
  orgId: string;
  userIds: string[];
  topic: 'tasks' | 'leave' | 'notifications' | 'comments';
  /** The task a `comments` event is about, so an open page reloads only for its own task. */
  taskId?: string;
}

// Sent inside the caller's transaction, so listeners hear of a change only once it is committed.
export function announce(tx: DbOrTx, event: PlatformEvent): Promise<void> {
  return notify(tx, platformEventsChannel, JSON.stringify(event));
}
