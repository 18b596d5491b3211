import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { users, type User } from '../db/schema/index.ts';

/**
 * The next person up from `person`: their manager, else the organisation's first HR member;
 * never anyone in `excludedIds` (the requester never approves their own case) nor `person`.
 */
export async function nextUpTheLine(db: DbOrTx, person: User, excludedIds: string[] = []): Promise<User | undefined> {
  const excluded = new Set([...excludedIds, person.id]);
  const eligible = (user: User | undefined): user is User => user !== undefined && user.active && !excluded.has(user.id);
  if (person.managerId) {
    const [manager] = await db
      .select()
      .from(users)
      .where(and(eq(users.id, person.managerId), eq(users.orgId, person.orgId)));
    if (eligible(manager)) return manager;
  }
  const hr = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, person.orgId), eq(users.active, true), sql`'hr' = any(${users.roles})`))
    .orderBy(asc(users.createdAt), asc(users.email));
  return hr.find(eligible);
}
