import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validateSessionToken } from './sessions.ts';

export const sessionCookie = 'session';

/** Every route after this middleware acts for a signed-in user of one organisation. */
export const requireSession = createMiddleware<AppEnv>(async (c, next) => {
  const token = getCookie(c, sessionCookie);
  const session = token ? await validateSessionToken(c.var.deps.db, token) : null;
  if (!session) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  c.set('user', session.user);
  c.set('sessionId', session.sessionId);
  await next();
});
