import { sha256 } from '@oslojs/crypto/sha2';
import { encodeBase32LowerCaseNoPadding, encodeHexLowerCase } from '@oslojs/encoding';
import { eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { sessions, users } from '../../db/schema/index.ts';

// Lucia's session design: a random token in the cookie, only its SHA-256 in the database, a
// 30-day lifetime renewed when a session in use has less than 15 days left.
const day = 86_400_000;
export const sessionLifetimeMs = 30 * day;
const renewWithinMs = 15 * day;

export interface SessionUser {
  id: string;
  orgId: string;
  email: string;
  name: string;
  roles: string[];
  managerId: string | null;
  departmentId: string | null;
}

export function generateSessionToken(): string {
  const bytes = new Uint8Array(20);
  crypto.getRandomValues(bytes);
  return encodeBase32LowerCaseNoPadding(bytes);
}

const sessionIdOf = (token: string) => encodeHexLowerCase(sha256(new TextEncoder().encode(token)));

export async function createSession(db: Db, token: string, user: { id: string; orgId: string }, now = new Date()) {
  const session = { id: sessionIdOf(token), userId: user.id, orgId: user.orgId, expiresAt: new Date(now.getTime() + sessionLifetimeMs) };
  await db.insert(sessions).values(session);
  return session;
}

export async function validateSessionToken(
  db: Db,
  token: string,
  now = new Date(),
): Promise<{ sessionId: string; expiresAt: Date; user: SessionUser } | null> {
  const sessionId = sessionIdOf(token);
  const [row] = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.id, sessionId));
  if (!row) return null;
  if (now >= row.session.expiresAt || !row.user.active) {
    await db.delete(sessions).where(eq(sessions.id, sessionId));
    return null;
  }
  let expiresAt = row.session.expiresAt;
  if (expiresAt.getTime() - now.getTime() < renewWithinMs) {
    expiresAt = new Date(now.getTime() + sessionLifetimeMs);
    await db.update(sessions).set({ expiresAt }).where(eq(sessions.id, sessionId));
  }
  const { id, orgId, email, name, roles, managerId, departmentId } = row.user;
  return { sessionId, expiresAt, user: { id, orgId, email, name, roles, managerId, departmentId } };
}

export async function invalidateSession(db: Db, sessionId: string): Promise<void> {
  await db.delete(sessions).where(eq(sessions.id, sessionId));
}
