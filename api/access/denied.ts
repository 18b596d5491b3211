import type { Context } from 'hono';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';

/**
 * A record that is not there for this person (another organisation's, another user's, or none):
 * the same 404 either way, so nothing leaks, and an audit entry, so the attempt is seen.
 */
export async function deniedRecord(c: Context<AppEnv>, targetType: string, targetId: string): Promise<HttpError> {
  await c.var.audit({ kind: 'access.denied', targetType, targetId });
  return new HttpError(404, 'not_found', 'That was not found.');
}
