import { json, type Handle, type RequestEvent } from '@sveltejs/kit';
import { sequence } from '@sveltejs/kit/hooks';
import type { Me, TwoFactorState } from '$lib/api-types';
import { ApiError, apiClient } from '$lib/server/api';
import { proxyCodec } from '$lib/server/codec-proxy';
import { SESSION_COOKIE, clearSessionCookie } from '$lib/server/session-cookie';

/** Routes for people who are not signed in. */
const PUBLIC_ROUTES = new Set(['/sign-in', '/forgot-password', '/reset-password/[token]', '/invitation/[token]']);

/**
 * Pages for the organisation's visitors and clients, signed in or not, however far: the public lead
 * form and the e-mailed quote link (the link's token is its key; the API checks it).
 */
const OPEN_ROUTES = new Set(['/contact/[orgId]', '/quote/[token]', '/quote/[token]/pdf']);

/** Until a session has every factor, it may only finish signing in (on this page) or sign out. */
const UNFINISHED_SIGN_IN_PAGES: Record<Exclude<TwoFactorState, 'verified'>, string> = {
  required: '/sign-in/two-factor',
  enroll: '/account/two-factor/setup',
};

const SECURITY_HEADERS: Record<string, string> = {
  'x-frame-options': 'DENY',
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'strict-origin-when-cross-origin',
  'permissions-policy': 'camera=(), microphone=(), geolocation=()',
};

/** Outermost, so that redirects and proxied streams get the headers too. */
const securityHeaders: Handle = async ({ event, resolve }) => {
  const response = await resolve(event);
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
};

const authentication: Handle = async ({ event, resolve }) => {
  event.locals.sessionToken = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.user = null;
  event.locals.session = null;
  event.locals.sessionLookupFailure = null;

  // The API authenticates the stream itself; no need to look the user up first.
  if (event.url.pathname === '/api/events') return proxyEvents(event);
  // The Temporal Web UI's codec endpoint: the API checks the session and the permission itself.
  if (event.url.pathname.startsWith('/api/temporal-codec/')) return proxyCodec(event);

  if (event.locals.sessionToken) await lookUpSession(event);
  // The root layout shows the failure; sending the visitor to sign in would hide it.
  if (event.locals.sessionLookupFailure) return resolve(event);

  const destination = requiredPage(event);
  if (destination && destination !== event.url.pathname) return redirectTo(event, destination);
  return resolve(event);
};

export const handle = sequence(securityHeaders, authentication);

function requiredPage({ locals, route, url }: RequestEvent): string | null {
  if (OPEN_ROUTES.has(route.id ?? '')) return null;
  if (!locals.session) return PUBLIC_ROUTES.has(route.id ?? '') ? null : '/sign-in';
  if (locals.session.twoFactor === 'verified' || url.pathname === '/sign-out') return null;
  return UNFINISHED_SIGN_IN_PAGES[locals.session.twoFactor];
}

/**
 * A redirect returned rather than thrown: SvelteKit answers thrown ones itself, without this hook's
 * headers. It turns this one into JSON for client-side navigations; enhanced form posts expect an
 * action result instead of a redirect response.
 */
function redirectTo(event: RequestEvent, location: string): Response {
  if (event.request.method === 'POST' && event.request.headers.get('x-sveltekit-action') === 'true') {
    return json({ type: 'redirect', status: 303, location });
  }
  return new Response(null, { status: 303, headers: { location } });
}

async function lookUpSession(event: RequestEvent): Promise<void> {
  try {
    const { user, session } = await apiClient(event).get<Me>('/api/me');
    event.locals.user = user;
    event.locals.session = session;
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    if (cause.status === 401) {
      // Goes out with a rendered page; a redirect answered here carries no cookies, so the expired
      // token is found and cleared again on the sign-in page.
      clearSessionCookie(event.cookies);
      event.locals.sessionToken = null;
      return;
    }
    event.locals.sessionLookupFailure = cause;
  }
}

/** Streams the API's Server-Sent Events through, so the browser's EventSource stays same-origin. */
async function proxyEvents(event: RequestEvent): Promise<Response> {
  if (event.request.method !== 'GET') {
    return new Response(null, { status: 405, headers: { allow: 'GET' } });
  }
  let upstream: Response;
  try {
    upstream = await apiClient(event).send('GET', '/api/events', {
      headers: { accept: 'text/event-stream' },
      signal: event.request.signal,
    });
  } catch (cause) {
    if (cause instanceof ApiError) return new Response(null, { status: cause.status });
    // The API is restarting or gone: EventSource retries on its own, so say so without a stack trace.
    return new Response(null, { status: 503 });
  }
  return new Response(endQuietly(upstream.body!), {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
      'cache-control': 'no-cache',
      // Keeps reverse proxies such as nginx from buffering the stream.
      'x-accel-buffering': 'no',
    },
  });
}

/**
 * The API's stream, ending cleanly when the API side drops (a restart, a shutdown) instead of
 * erroring the response; the browser's EventSource then reconnects as it always does.
 */
function endQuietly(body: ReadableStream<Uint8Array>): ReadableStream<Uint8Array> {
  const reader = body.getReader();
  return new ReadableStream({
    async pull(controller) {
      try {
        const { value, done } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      } catch {
        controller.close();
      }
    },
    cancel: (reason) => reader.cancel(reason).catch(() => {}),
  });
}
