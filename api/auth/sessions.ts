import { and, eq, ne } from 'drizzle-orm';
import { preparedRead, type DbOrTx, type Params } from '../../db/client.ts';
import { sessions, users, type Session, type User } from '../../db/schema/index.ts';
import { organizationRolesColumn } from '../../db/queries/principal.ts';
import type { RoleDefinition } from '../../domain/access/roles.ts';
import { hashToken } from './tokens.ts';

// Lucia's session design: a random token in the cookie, only its SHA-256 in the database. A session
// ends after `idleMs` without use and, whatever the use, `absoluteMs` after sign-in.
export interface SessionPolicy {
  idleMs: number;
  absoluteMs: number;
}

// Writing last-seen on every request would make every read a write; a minute's precision is enough.
const touchEveryMs = 60_000;

export interface SessionContext {
  ipAddress: string | null;
  userAgent: string | null;
}

export async function createSession(
  db: DbOrTx,
  token: string,
  user: Pick<User, 'id' | 'orgId'>,
  options: SessionPolicy & SessionContext & { twoFactorVerified: boolean; now?: Date; endsBy?: Date },
): Promise<Session> {
  const now = options.now ?? new Date();
  const absoluteExpiresAt = options.endsBy ?? new Date(now.getTime() + options.absoluteMs);
  const [session] = await db
    .insert(sessions)
    .values({
      id: hashToken(token),
      userId: user.id,
      orgId: user.orgId,
      expiresAt: new Date(Math.min(now.getTime() + options.idleMs, absoluteExpiresAt.getTime())),
      absoluteExpiresAt,
      lastSeenAt: now,
      twoFactorVerified: options.twoFactorVerified,
      ipAddress: options.ipAddress,
      userAgent: options.userAgent?.slice(0, 300) ?? null,
    })
    .returning();
  return session!;
}

const sessionLookup = preparedRead('session_lookup', (db, key: Params<{ sessionId: string }>) =>
  db
    .select({ session: sessions, user: users, customRoles: organizationRolesColumn(sessions.orgId) })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, key.sessionId)),
);

/**
 * The session, its user and the organisation's custom roles (what access control needs, in one
 * statement) for a cookie's token, sliding its idle expiry; null when over.
 */
export async function validateSessionToken(
  db: DbOrTx,
  token: string,
  policy: SessionPolicy,
  now = new Date(),
): Promise<{ session: Session; user: User; customRoles: RoleDefinition[] } | null> {
  const sessionId = hashToken(token);
  const [row] = await sessionLookup(db, { sessionId });
  if (!row) return null;
  const { session, user, customRoles } = row;
  if (now >= session.expiresAt || now >= session.absoluteExpiresAt || !user.active) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    return null;
  }
  if (now.getTime() - session.lastSeenAt.getTime() > touchEveryMs) {
    session.lastSeenAt = now;
    session.expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, session.absoluteExpiresAt.getTime()));
    await db.update(sessions).set({ lastSeenAt: session.lastSeenAt, expiresAt: session.expiresAt }).where(eq(sessions.id, sessionId));
  }
  return { session, user, customRoles };
}

/**
 * Ends a session that had only the password and starts a verified one under the new `token`, once the
 * second factor is in: a token seen or planted before that step (a shared machine, a fixed cookie)
 * signs nobody in. The new session ends no later than the old one would have: renewing never adds to
 * the absolute lifetime. Null when the old session ended meanwhile.
 */
export async function replaceWithVerifiedSession(
  db: DbOrTx,
  previous: Session,
  token: string,
  options: SessionPolicy & SessionContext & { now?: Date },
): Promise<Session | null> {
  return db.transaction(async (tx) => {
    const [ended] = await tx.delete(sessions).where(eq(sessions.id, previous.id)).returning();
    if (!ended) return null;
    return createSession(
      tx,
      token,
      { id: ended.userId, orgId: ended.orgId },
      { ...options, twoFactorVerified: true, endsBy: ended.absoluteExpiresAt },
    );
  });
}

export async function invalidateSession(db: DbOrTx, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}

/** Ends every session of a user, or every one but `keep` (after a password change on this device). */
export async function invalidateUserSessions(db: DbOrTx, userId: string, keep?: string): Promise<void> {
  await db.delete(sessions).where(keep ? and(eq(sessions.userId, userId), ne(sessions.id, keep)) : eq(sessions.userId, userId));
}
