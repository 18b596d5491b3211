import { and, eq, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { tasks } from '../../db/schema/index.ts';
import type { Principal } from '../access/principal.ts';

/** The employee sees their request; so does everyone who holds or held a task on it. */
export async function leaveRequestVisibleTo(
  db: DbOrTx,
  request: { id: string; orgId: string; employeeId: string },
  user: Principal,
): Promise<boolean> {
  if (request.employeeId === user.id) return true;
  const [task] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        eq(tasks.orgId, request.orgId),
        eq(tasks.caseType, 'leave'),
        eq(tasks.caseId, request.id),
        or(eq(tasks.assigneeId, user.id), sql`${user.id}::uuid = any(${tasks.alsoAllowedIds})`),
      ),
    )
    .limit(1);
  return task !== undefined;
}
