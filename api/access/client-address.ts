import { getConnInfo } from '@hono/node-server/conninfo';
import type { Context } from 'hono';

const loopback = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

/**
 * Who is asking, for the audit trail and rate limits. `X-Forwarded-For` is believed only from a
 * trusted proxy (the UI server on loopback, or addresses in TRUSTED_PROXIES); anyone else could forge it.
 */
export function clientAddress(c: Context, trustedProxies: ReadonlySet<string>): string | null {
  let remote: string | undefined;
  try {
    remote = getConnInfo(c).remote.address;
  } catch {
    remote = undefined; // app.request() in tests has no socket
  }
  const forwarded = c.req.header('x-forwarded-for')?.split(',')[0]?.trim();
  if (forwarded && (remote === undefined || loopback.has(remote) || trustedProxies.has(remote))) return forwarded.slice(0, 64);
  return remote ?? null;
}
