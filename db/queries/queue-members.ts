import { and, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { users, type User } from '../schema/index.ts';
import type { TaskQueue } from '../../workflows/human-task/state.ts';

/**
 * The active people a task queue reaches, as the kit's `inQueue` reads it: those listed, those with
 * the role (in the department, when one is given), or everyone in the department.
 */
export async function queueMembers(db: DbOrTx, orgId: string, queue: TaskQueue, limit: number): Promise<User[]> {
  const reach = or(
    queue.userIds?.length ? inArray(users.id, queue.userIds) : undefined,
    queue.role
      ? and(sql`${queue.role} = any(${users.roles})`, queue.departmentId ? eq(users.departmentId, queue.departmentId) : undefined)
      : undefined,
    !queue.role && queue.departmentId ? eq(users.departmentId, queue.departmentId) : undefined,
  );
  if (!reach) return [];
  return db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.active, true), reach))
    .limit(limit);
}
