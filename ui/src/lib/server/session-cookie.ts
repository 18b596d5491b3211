import type { Cookies } from '@sveltejs/kit';
import { dev } from '$app/environment';

export const SESSION_COOKIE = 'session';

/** The API's default absolute session lifetime, for an API cookie that does not say. */
const SEVEN_DAYS_IN_SECONDS = 60 * 60 * 24 * 7;

type SessionCookie = { token: string; maxAge: number };

/**
 * The API starts a session with `Set-Cookie: session=<token>; Max-Age=<seconds>; ...`; the UI keeps
 * that token for as long as the API's cookie would last, the session's absolute lifetime.
 */
function sessionCookieFrom(setCookieHeaders: string[]): SessionCookie | null {
  const prefix = `${SESSION_COOKIE}=`;
  const header = setCookieHeaders.find((value) => value.startsWith(prefix));
  if (!header) return null;
  const [pair = '', ...attributes] = header.split(';');
  const token = pair.slice(prefix.length);
  if (!token) return null;
  const maxAge = attributes
    .map((attribute) => attribute.trim())
    .find((attribute) => /^max-age=/i.test(attribute))
    ?.slice('max-age='.length);
  return { token, maxAge: maxAge && /^\d+$/.test(maxAge) ? Number(maxAge) : SEVEN_DAYS_IN_SECONDS };
}

function setSessionCookie(cookies: Cookies, { token, maxAge }: SessionCookie) {
  cookies.set(SESSION_COOKIE, token, { path: '/', httpOnly: true, sameSite: 'lax', secure: !dev, maxAge });
}

export function clearSessionCookie(cookies: Cookies) {
  cookies.delete(SESSION_COOKIE, { path: '/', httpOnly: true, sameSite: 'lax', secure: !dev });
}

/** Keeps the session token when the API answer starts or renews one; says whether it did. */
export function keepSessionFrom(response: Response, cookies: Cookies): boolean {
  const session = sessionCookieFrom(response.headers.getSetCookie());
  if (session) setSessionCookie(cookies, session);
  return session !== null;
}
