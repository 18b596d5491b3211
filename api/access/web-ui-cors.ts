import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';

/**
 * CORS for routes the Temporal Web UI calls from its own origin with the operator's session cookie
 * (`credentials: 'include'`). Only the configured origins get CORS headers, credentials included;
 * anyone else's browser gets none and keeps the answer from the page that asked.
 */
export const webUiCors = (origins: ReadonlySet<string>) =>
  createMiddleware<AppEnv>(async (c, next) => {
    const origin = c.req.header('origin');
    const allowed = origin !== undefined && origins.has(origin);
    if (c.req.method === 'OPTIONS') {
      const headers = new Headers({ vary: 'Origin' });
      if (allowed) {
        headers.set('access-control-allow-origin', origin);
        headers.set('access-control-allow-credentials', 'true');
        headers.set('access-control-allow-methods', 'POST');
        // What the Web UI sends: JSON, and the namespace it shows.
        headers.set('access-control-allow-headers', 'content-type, x-namespace');
        headers.set('access-control-max-age', '600');
      }
      return new Response(null, { status: 204, headers });
    }
    await next();
    c.header('vary', 'Origin', { append: true });
    if (allowed) {
      c.header('access-control-allow-origin', origin);
      c.header('access-control-allow-credentials', 'true');
    }
  });
