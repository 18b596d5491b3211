import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import { z } from 'zod';
import { users } from '../../db/schema/index.ts';
import { decoyPasswordHash, verifyPassword } from '../auth/passwords.ts';
import { requireSession, sessionCookie } from '../auth/require-session.ts';
import { createSession, generateSessionToken, invalidateSession, sessionLifetimeMs } from '../auth/sessions.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';

const signInSchema = z.object({ email: z.string().trim().toLowerCase().email().max(254), password: z.string().min(1).max(256) });

export const authRoutes = new Hono<AppEnv>()
  .post('/sign-in', validate('json', signInSchema), async (c) => {
    const { db, config } = c.var.deps;
    const { email, password } = c.req.valid('json');
    const [user] = await db.select().from(users).where(eq(users.email, email));
    // Same work and same answer whether or not the e-mail exists.
    const ok = await verifyPassword(user?.passwordHash ?? (await decoyPasswordHash()), password);
    if (!user || !ok || !user.active) throw new HttpError(401, 'invalid_credentials', 'Invalid email or password.');
    const token = generateSessionToken();
    await createSession(db, token, user);
    setCookie(c, sessionCookie, token, {
      httpOnly: true,
      sameSite: 'Lax',
      secure: config.secureCookies,
      path: '/',
      maxAge: sessionLifetimeMs / 1000,
    });
    return c.json({ user: { id: user.id, orgId: user.orgId, email: user.email, name: user.name, roles: user.roles } });
  })
  .post('/sign-out', requireSession, async (c) => {
    await invalidateSession(c.var.deps.db, c.var.sessionId);
    deleteCookie(c, sessionCookie, { path: '/' });
    return c.body(null, 204);
  });
