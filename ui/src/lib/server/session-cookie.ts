import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';

export const SESSION_COOKIE = 'session';

const THIRTY_DAYS_IN_SECONDS = 60 * 60 * 24 * 30;

/** The API starts a session with `Set-Cookie: session=<token>; ...`; the UI keeps that token. */
export function sessionTokenFrom(setCookieHeaders: string[]): string | null {
  const prefix = `${SESSION_COOKIE}=`;
  const header = setCookieHeaders.find((value) => value.startsWith(prefix));
  const token = header?.slice(prefix.length).split(';', 1)[0];
  return token ? token : null;
}

export function setSessionCookie(cookies: Cookies, token: string) {
  cookies.set(SESSION_COOKIE, token, {
    path: '/',
    httpOnly: true,
    sameSite: 'lax',
    secure: !dev,
    maxAge: THIRTY_DAYS_IN_SECONDS,
  });
}

export function clearSessionCookie(cookies: Cookies) {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: !dev });
}

/** Keeps the session token when the API answer starts or renews one; says whether it did. */
export function keepSessionFrom(response: Response, cookies: Cookies): boolean {
  const token = sessionTokenFrom(response.headers.getSetCookie());
  if (token) setSessionCookie(cookies, token);
  return token !== null;
}
