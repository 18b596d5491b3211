import { and, desc, eq, inArray, or, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../access/principal.ts';
import { usersInScope } from '../access/scope.ts';
import { tasks, users, type TaskRow } from '../../db/schema/index.ts';

const heldBy = (userId: string) => or(eq(tasks.assigneeId, userId), sql`${userId}::uuid = any(${tasks.alsoAllowedIds})`);

const taskColumns = {
  id: tasks.id,
  kind: tasks.kind,
  title: tasks.title,
  caseType: tasks.caseType,
  caseId: tasks.caseId,
  status: tasks.status,
  assigneeId: tasks.assigneeId,
  assigneeName: users.name,
  escalatedAt: tasks.escalatedAt,
  dueAt: tasks.dueAt,
  createdAt: tasks.createdAt,
  completedAt: tasks.completedAt,
  outcome: tasks.outcome,
  form: tasks.form,
};

export function presentTask<T extends Pick<TaskRow, 'escalatedAt'>>(row: T): Omit<T, 'escalatedAt'> & { escalated: boolean } {
  const { escalatedAt, ...rest } = row;
  return { ...rest, escalated: escalatedAt !== null };
}

/** The inbox: tasks the user holds, open ones or recently done ones. */
export async function listInbox(db: DbOrTx, user: { id: string; orgId: string }, status: 'open' | 'done') {
  const rows = await db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(
      and(
        eq(tasks.orgId, user.orgId),
        heldBy(user.id),
        status === 'open' ? eq(tasks.status, 'open') : inArray(tasks.status, ['completed', 'cancelled']),
      ),
    )
    .orderBy(desc(status === 'open' ? tasks.createdAt : tasks.completedAt))
    .limit(status === 'open' ? 500 : 50);
  return rows.map(presentTask);
}

/** Open tasks held by people within the principal's reassignment scope: what they may hand on. */
export async function listTeamTasks(db: DbOrTx, principal: Principal) {
  const rows = await db
    .select(taskColumns)
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.assigneeId))
    .where(and(eq(tasks.orgId, principal.orgId), eq(tasks.status, 'open'), usersInScope(principal, 'tasks:reassign')))
    .orderBy(desc(tasks.createdAt))
    .limit(500);
  return rows.map(presentTask);
}

/** A task the user holds (or held), else undefined: other people's tasks do not exist for them. */
export async function findHeldTask(db: DbOrTx, user: { id: string; orgId: string }, taskId: string) {
  const [row] = await db
    .select({ ...taskColumns, workflowId: tasks.workflowId, taskKey: tasks.taskKey, orgId: tasks.orgId })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(and(eq(tasks.orgId, user.orgId), eq(tasks.id, taskId), heldBy(user.id)));
  if (!row) return undefined;
  const { workflowId, taskKey, orgId: _orgId, ...visible } = row;
  return { workflowId, taskKey, status: row.status, caseType: row.caseType, caseId: row.caseId, view: presentTask(visible) };
}

/** Any task of the organisation, for people who manage others' tasks (the route checks the scope). */
export async function findOrgTask(db: DbOrTx, orgId: string, taskId: string) {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, taskId)));
  return row;
}
