import type postgres from 'postgres';
import { platformEventsChannel, type PlatformEvent } from '../../activities/platform-events.ts';

/** What an open stream is told: the topic, and for some topics the task it concerns. */
export type HeardEvent = Pick<PlatformEvent, 'topic' | 'taskId'>;
type Listener = (event: HeardEvent) => void;

/**
 * Fans PostgreSQL notifications out to the open event streams of the users they concern, so an
 * inbox hears of a new task as soon as the activity that wrote it commits.
 */
export interface EventHub {
  subscribe(userId: string, listener: Listener): () => void;
  close(): Promise<void>;
}

export async function createEventHub(sql: postgres.Sql): Promise<EventHub> {
  const listeners = new Map<string, Set<Listener>>();
  const { unlisten } = await sql.listen(platformEventsChannel, (payload) => {
    const { topic, taskId, userIds } = JSON.parse(payload) as PlatformEvent;
    for (const userId of new Set(userIds)) {
      for (const listener of listeners.get(userId) ?? []) listener({ topic, taskId });
    }
  });
  return {
    subscribe(userId, listener) {
      const set = listeners.get(userId) ?? new Set();
      set.add(listener);
      listeners.set(userId, set);
      return () => {
        set.delete(listener);
        if (set.size === 0) listeners.delete(userId);
      };
    },
    close: () => unlisten(),
  };
}
