import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AppEnv } from '../context.ts';

const heartbeatMs = 25_000;

/** Server-Sent Events: `tasks` when the user's inbox changes, `leave` when one of their requests does, `notifications` when their bell does. */
export const eventRoutes = new Hono<AppEnv>().get('/', (c) =>
  streamSSE(c, async (stream) => {
    let wake: (() => void) | undefined;
    const pending = new Set<string>();
    const unsubscribe = c.var.deps.events.subscribe(c.var.user.id, (topic) => {
      pending.add(topic);
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
      for (const topic of pending) await stream.writeSSE({ event: topic, data: '{}' });
      pending.clear();
    }
    unsubscribe();
  }),
);
