import type { RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';

/** What the Temporal Web UI's codec calls and their preflights carry that the API decides on. */
const forwardedRequestHeaders = [
  'origin',
  'content-type',
  'x-namespace',
  'access-control-request-method',
  'access-control-request-headers',
  'cookie',
  'user-agent',
];
const forwardedResponseHeaders = [
  'content-type',
  'cache-control',
  'vary',
  'access-control-allow-origin',
  'access-control-allow-credentials',
  'access-control-allow-methods',
  'access-control-allow-headers',
  'access-control-max-age',
];

/**
 * Passes `/api/temporal-codec/*` through to the API as it came. The Web UI calls it from its own
 * origin with the browser's session cookie, which belongs to this server's host: so the endpoint is
 * reached here, while the API (access rules, CORS for the Web UI's origin, the audit entry) decides.
 */
export async function proxyCodec(event: RequestEvent): Promise<Response> {
  const { request } = event;
  if (request.method !== 'POST' && request.method !== 'OPTIONS') {
    return new Response(null, { status: 405, headers: { allow: 'POST, OPTIONS' } });
  }
  const headers = new Headers({ 'x-forwarded-for': event.getClientAddress() });
  for (const name of forwardedRequestHeaders) {
    const value = request.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(new URL(event.url.pathname, env.API_URL ?? 'http://127.0.0.1:3001'), {
      method: request.method,
      headers,
      body: request.method === 'POST' ? await request.arrayBuffer() : undefined,
    });
  } catch {
    return Response.json({ error: { code: 'api_unreachable', message: 'The service is unavailable. Please try again.' } }, { status: 502 });
  }
  const answer = new Headers();
  for (const name of forwardedResponseHeaders) {
    const value = upstream.headers.get(name);
    if (value !== null) answer.set(name, value);
  }
  return new Response(upstream.status === 204 ? null : await upstream.arrayBuffer(), { status: upstream.status, headers: answer });
}
