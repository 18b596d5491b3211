import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const loopback = new Set(['127.0.0.1', '::1']);

/**
 * Who is asking, for the audit trail and rate limits. `X-Forwarded-For` is believed only from a
 * trusted proxy (the UI server on loopback, or addresses in TRUSTED_PROXIES, such as the UI container's
 * fixed address in docker-compose.yml); anyone else could forge it.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string>): string | null {
  let remote: string | undefined;
  try {
    // A dual-stack listener reports IPv4 peers as ::ffff:a.b.c.d; TRUSTED_PROXIES names them as a.b.c.d.
    remote = getConnInfo(c).remote.address?.replace(/^::ffff:(?=\d+\.\d+\.\d+\.\d+$)/i, '');
  } catch {
    remote = undefined; // app.request() in tests has no socket
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded && (remote === undefined || loopback.has(remote) || trustedProxies.has(remote))) return forwarded.slice(0, 64);
  return remote ?? null;
}
