import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../context.ts';
import type { HeardEvent } from '../events/hub.ts';

const heartbeatMs = 25_000;

/**
 * Server-Sent Events: `tasks` when the user's inbox changes, `leave` when one of their requests does,
 * `notifications` when their bell does, `comments` (data `{"taskId":…}`) when a task they may see gets a message.
 */
export const eventRoutes = new Hono<AppEnv>().get('/', (c) =>
  streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    // Several of one kind heard between two writes go out once: one reload tells a page everything.
    const pending = new Map<string, HeardEvent>();
    const unsubscribe = c.var.deps.events.subscribe(c.var.user.id, (event) => {
      pending.set(`${event.topic}:${event.taskId ?? ''}`, event);
      wake?.();
    });
    stream.onAbort(() => {
      unsubscribe();
      wake?.();
    });
    await stream.writeSSE({ event: 'ready', data: '{}' });
    while (!stream.aborted) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, heartbeatMs);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      wake = undefined;
      if (stream.aborted) break;
      if (pending.size === 0) await stream.write(': keep-alive\n\n');
      for (const { topic, taskId } of pending.values()) {
        await stream.writeSSE({ event: topic, data: JSON.stringify(taskId ? { taskId } : {}) });
      }
      pending.clear();
    }
    unsubscribe();
  }),
);
