import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { signInThrottle } from '../../db/schema/index.ts';

export interface LockPolicy {
  maxFailures: number;
  lockMs: number;
}

/** Until when sign-ins for this e-mail are refused, or null. */
export async function lockedUntil(db: DbOrTx, email: string, now = new Date()): Promise<Date | null> {
  const [row] = await db.select().from(signInThrottle).where(eq(signInThrottle.email, email));
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

/**
 * Counts a failure in one statement (concurrent guesses cannot slip past the count) and locks the
 * address once the failures within one lock length reach the limit. Returns the lock, if any.
 */
export async function recordSignInFailure(db: DbOrTx, email: string, policy: LockPolicy, now = new Date()): Promise<Date | null> {
  const windowStart = sql`${new Date(now.getTime() - policy.lockMs).toISOString()}::timestamptz`;
  const lockUntil = new Date(now.getTime() + policy.lockMs);
  const at = sql`${now.toISOString()}::timestamptz`;
  const failures = sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then 1 else ${signInThrottle.failures} + 1 end`;
  const [row] = await db
    .insert(signInThrottle)
    .values({ email, failures: 1, windowStartedAt: now, lockedUntil: policy.maxFailures <= 1 ? lockUntil : null })
    .onConflictDoUpdate({
      target: signInThrottle.email,
      set: {
        failures,
        windowStartedAt: sql`case when ${signInThrottle.windowStartedAt} < ${windowStart} then ${at} else ${signInThrottle.windowStartedAt} end`,
        lockedUntil: sql`case when ${failures} >= ${policy.maxFailures}::int then ${lockUntil.toISOString()}::timestamptz else ${signInThrottle.lockedUntil} end`,
      },
    })
    .returning();
  return row?.lockedUntil && row.lockedUntil > now ? row.lockedUntil : null;
}

export async function clearSignInFailures(db: DbOrTx, email: string): Promise<void> {
  await db.delete(signInThrottle).where(eq(signInThrottle.email, email));
}
