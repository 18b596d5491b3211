import { redirect, type Handle, type RequestEvent } from '@sveltejs/kit';
import type { User } from '$lib/api-types';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { SESSION_COOKIE, clearSessionCookie } from '$lib/server/session-cookie';

const PUBLIC_PATHS = new Set(['/sign-in']);

export const handle: Handle = async ({ event, resolve }) => {
  event.locals.sessionToken = event.cookies.get(SESSION_COOKIE) ?? null;
  event.locals.user = null;

  // The API authenticates the stream itself; no need to look the user up first.
  if (event.url.pathname === '/api/events') return proxyEvents(event);

  if (event.locals.sessionToken) event.locals.user = await currentUser(event);
  if (!event.locals.user && !PUBLIC_PATHS.has(event.url.pathname)) redirect(303, '/sign-in');

  return resolve(event);
};

async function currentUser(event: RequestEvent): Promise<User | null> {
  try {
    const { user } = await apiClient(event).get<{ user: User }>('/api/me');
    return user;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 401) {
      clearSessionCookie(event.cookies);
      event.locals.sessionToken = null;
      return null;
    }
    rethrowAsHttpError(cause);
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
    throw cause;
  }
  return new Response(upstream.body, {
    status: upstream.status,
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/event-stream',
      'cache-control': 'no-cache',
      // Keeps reverse proxies such as nginx from buffering the stream.
      'x-accel-buffering': 'no',
    },
  });
}
