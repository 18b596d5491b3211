import { Hono } from 'hono';
import { csrf } from 'hono/csrf';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { requireSession } from './auth/require-session.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { HttpError } from './errors.ts';
import { authRoutes } from './routes/auth.ts';
import { eventRoutes } from './routes/events.ts';
import { leaveBalanceRoutes, leaveRequestRoutes, leaveTypeRoutes } from './routes/leave.ts';
import { meRoutes } from './routes/me.ts';
import { taskRoutes } from './routes/tasks.ts';

export function createApp(deps: ApiDeps) {
  const app = new Hono<AppEnv>().basePath('/api');
  app.use(secureHeaders());
  app.use(csrf({ origin: deps.config.appUrl }));
  app.use(async (c, next) => {
    c.set('deps', deps);
    await next();
  });

  // Public routes first, then the session guard, then everything that acts for a user.
  app.get('/health', (c) => c.json({ ok: true }));
  app.route('/auth', authRoutes);
  app.use('*', requireSession);
  app.route('/me', meRoutes);
  app.route('/leave-types', leaveTypeRoutes);
  app.route('/leave-balances', leaveBalanceRoutes);
  app.route('/leave-requests', leaveRequestRoutes);
  app.route('/tasks', taskRoutes);
  app.route('/events', eventRoutes);

  app.notFound((c) => c.json({ error: { code: 'not_found', message: `No route ${c.req.method} ${c.req.path}.` } }, 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json({ error: { code: err.code, message: err.message, ...(err.details ? { details: err.details } : {}) } }, err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json({ error: { code: 'bad_request', message: err.message } }, err.status);
    }
    console.error(`api: ${c.req.method} ${c.req.path} failed:`, err instanceof Error ? err.message : err);
    return c.json({ error: { code: 'internal', message: 'Something went wrong on our side.' } }, 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
