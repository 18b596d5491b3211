import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { secureHeaders } from 'hono/secure-headers';
import { enforceAccess } from './access/enforce.ts';
import { sameOriginOnly } from './access/same-origin.ts';
import { webUiCors } from './access/web-ui-cors.ts';
import { rateLimitPerAddress } from './access/rate-limit.ts';
import { adminAuditRoutes } from './admin/audit.ts';
import { adminDepartmentRoutes } from './admin/departments.ts';
import { adminHolidayRoutes } from './admin/holidays.ts';
import { adminRoleRoutes } from './admin/roles.ts';
import { adminUserRoutes } from './admin/users.ts';
import { createSecretBox } from './auth/secret-box.ts';
import type { ApiDeps, AppEnv } from './context.ts';
import { describeFailure, HttpError, isDatabaseUnreachable, errorBody } from './errors.ts';
import { accountRoutes } from './routes/account.ts';
import { awayRoutes } from './routes/away.ts';
import { preferenceRoutes } from './routes/preferences.ts';
import { authRoutes } from './routes/auth.ts';
import { bulkDecisionRoutes } from './routes/bulk-decisions.ts';
import { eventRoutes } from './routes/events.ts';
import { healthRoutes } from './routes/health.ts';
import { meRoutes } from './routes/me.ts';
import { savedViewRoutes } from './routes/saved-views.ts';
import { notificationRoutes } from './routes/notifications.ts';
import { taskRoutes } from './routes/tasks.ts';
import { attachmentUploadPath, taskAttachmentRoutes } from './routes/task-attachments.ts';
import { taskCommentRoutes } from './routes/task-comments.ts';
import { caseTypes } from './cases/registry.ts';
import { temporalCodecRoutes } from './operations/temporal-codec.ts';

export function createApp(deps: ApiDeps) {
  if (!deps.config.totpEncryptionKey) throw new Error('TOTP_ENCRYPTION_KEY is not set (npm start makes one under data/).');
  const secretBox = createSecretBox(deps.config.totpEncryptionKey);
  const app = new Hono<AppEnv>().basePath('/api');
  app.use(secureHeaders({ contentSecurityPolicy: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } }));
  // Before anything reads a body: a huge one is refused by its Content-Length, or once the chunks
  // that arrived pass the limit, instead of being read whole to fail validation.
  const limitOf = (maxSize: number, what: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new HttpError(413, 'payload_too_large', `${what} is larger than ${maxSize} bytes.`);
      },
    });
  const jsonLimit = limitOf(deps.config.apiBodyLimitBytes, 'The request body');
  const attachmentLimit = limitOf(deps.config.attachmentMaxBytes, 'The file');
  const fileUploadPaths = [attachmentUploadPath, ...caseTypes().flatMap((t) => t.fileUploadPaths ?? [])];
  const takesFile = (path: string) => fileUploadPaths.some((pattern) => pattern.test(path));
  app.use((c, next) => (c.req.method === 'POST' && takesFile(c.req.path) ? attachmentLimit : jsonLimit)(c, next));
  // The Temporal Web UI calls the codec endpoint from its own origin; its answers, refusals included,
  // carry CORS headers for that origin only.
  const webUiOrigins = deps.config.temporalUiOrigins;
  app.use('/temporal-codec/*', webUiCors(webUiOrigins));
  app.use(sameOriginOnly(new URL(deps.config.appUrl).origin, [{ pathPrefix: '/api/temporal-codec/', origins: webUiOrigins }]));
  app.use(async (c, next) => {
    c.set('deps', deps);
    c.set('secretBox', secretBox);
    c.header('Cache-Control', 'no-store');
    await next();
  });
  // Every route's rule lives in access/route-rules.ts; this is the one place it is enforced.
  app.use(enforceAccess);
  const authLimit = rateLimitPerAddress(deps.config.authRateLimitPerMinute);
  for (const path of [
    '/auth/sign-in',
    '/auth/sign-in/totp',
    '/auth/password-reset',
    '/auth/password-reset/complete',
    '/auth/invitations/*',
  ]) {
    app.use(path, authLimit);
  }

  app.route('/health', healthRoutes);
  app.route('/auth', authRoutes);
  app.route('/me', meRoutes);
  app.route('/account/away', awayRoutes);
  app.route('/account/preferences', preferenceRoutes);
  app.route('/account', accountRoutes);
  app.route('/tasks/bulk-complete', bulkDecisionRoutes);
  app.route('/tasks', taskRoutes);
  app.route('/saved-views', savedViewRoutes);
  app.route('/tasks', taskCommentRoutes);
  app.route('/tasks', taskAttachmentRoutes);
  app.route('/events', eventRoutes);
  app.route('/notifications', notificationRoutes);
  app.route('/admin', adminUserRoutes);
  app.route('/admin', adminDepartmentRoutes);
  app.route('/admin', adminRoleRoutes);
  app.route('/admin', adminAuditRoutes);
  app.route('/admin', adminHolidayRoutes);
  app.route('/temporal-codec', temporalCodecRoutes(deps.config.temporal.payloadKeys));
  // Each process's own routes, from its case type.
  for (const { path, router } of caseTypes().flatMap((t) => t.routes)) app.route(path, router);

  app.notFound((c) => c.json(errorBody('not_found', `No route ${c.req.method} ${c.req.path}.`), 404));
  app.onError((err, c) => {
    if (err instanceof HttpError) {
      return c.json(errorBody(err.code, err.message, err.details), err.status);
    }
    if (err instanceof HTTPException && err.status < 500) {
      return c.json(errorBody('bad_request', err.message), err.status);
    }
    console.error(`api: ${c.req.method} ${c.req.routePath} failed: ${describeFailure(err)}`);
    if (isDatabaseUnreachable(err)) {
      return c.json(errorBody('database_unavailable', 'The database is unreachable right now. Try again in a moment.'), 503);
    }
    return c.json(errorBody('internal', 'Something went wrong on our side.'), 500);
  });
  return app;
}

export type AppType = ReturnType<typeof createApp>;
