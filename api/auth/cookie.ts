import type { Context } from 'hono';
import { deleteCookie, setCookie } from 'hono/cookie';
import type { Session } from '../../db/schema/index.ts';
import { sessionCookie } from '../access/enforce.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { replaceWithVerifiedSession } from './sessions.ts';
import { generateToken } from './tokens.ts';

export function setSessionCookie(c: Context<AppEnv>, token: string): void {
  const { config } = c.var.deps;
  setCookie(c, sessionCookie, token, {
    httpOnly: true,
    sameSite: 'Lax',
    secure: config.secureCookies,
    path: '/',
    maxAge: Math.floor(config.sessions.absoluteMs / 1000),
  });
}

export function clearSessionCookie(c: Context<AppEnv>): void {
  deleteCookie(c, sessionCookie, { path: '/' });
}

/** Once the second factor is in: a new verified session, and its cookie, replace the request's one. */
export async function renewSessionCookie(c: Context<AppEnv>): Promise<Session> {
  const { db, config } = c.var.deps;
  const token = generateToken();
  const renewed = await replaceWithVerifiedSession(db, c.var.session, token, {
    ...config.sessions,
    ipAddress: c.var.clientAddress,
    userAgent: c.req.header('user-agent') ?? null,
  });
  // Ended meanwhile (signed out on another tab, or by an administrator): nothing to renew.
  if (!renewed) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  c.set('session', renewed);
  setSessionCookie(c, token);
  return renewed;
}
