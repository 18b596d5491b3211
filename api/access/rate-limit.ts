import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';

/**
 * A fixed one-minute window per client address, in memory: it slows one address down on this API
 * instance. (Several replicas each count on their own; the per-e-mail lock in the database holds across them.)
 */
export function rateLimitPerAddress(limitPerMinute: number) {
  const windows = new Map<string, { startedAt: number; count: number }>();
  return createMiddleware<AppEnv>(async (c, next) => {
    const now = Date.now();
    const key = c.var.clientAddress ?? 'unknown';
    let window = windows.get(key);
    if (!window || now - window.startedAt >= 60_000) {
      if (windows.size > 10_000) windows.clear();
      window = { startedAt: now, count: 0 };
      windows.set(key, window);
    }
    window.count += 1;
    if (window.count > limitPerMinute) {
      const retryAfter = Math.ceil((window.startedAt + 60_000 - now) / 1000);
      c.header('Retry-After', String(retryAfter));
      throw new HttpError(429, 'too_many_attempts', `Too many requests from your address. Try again in ${retryAfter} seconds.`);
    }
    await next();
  });
}
