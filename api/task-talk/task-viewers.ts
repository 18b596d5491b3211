import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queueMembers } from '../../db/queries/queue-members.ts';
import { taskCandidates, users, type TaskRow, type User } from '../../db/schema/index.ts';
import { findVisibleTask } from '../tasks/read-model.ts';

const mentionableLimit = 25;

/** Whether this person may see the task, by the very rule the task page uses. */
export async function maySee(db: DbOrTx, person: User, taskId: string): Promise<boolean> {
  return person.active && (await findVisibleTask(db, person, taskId)) !== undefined;
}

/**
 * People who may see the task (those it names, and its queue while nobody holds it), each checked
 * with `maySee` (a few queries each, hence the small cap): whom a comment may mention, at most 25.
 */
export async function peopleWhoMaySee(db: DbOrTx, task: TaskRow): Promise<Pick<User, 'id' | 'name'>[]> {
  const named = [task.assigneeId, task.delegateId, task.completedBy].filter((id): id is string => id !== null);
  const listed = db
    .select({ userId: taskCandidates.userId })
    .from(taskCandidates)
    .where(and(eq(taskCandidates.taskId, task.id), inArray(taskCandidates.relation, ['candidate', 'also'])));
  const [people, queue] = await Promise.all([
    db
      .select()
      .from(users)
      .where(and(eq(users.orgId, task.orgId), eq(users.active, true), or(inArray(users.id, named), inArray(users.id, listed))))
      .limit(mentionableLimit),
    task.status === 'open' && !task.assigneeId && (task.candidateRole || task.candidateDepartmentId)
      ? queueMembers(
          db,
          task.orgId,
          { label: task.queueLabel ?? '', role: task.candidateRole ?? undefined, departmentId: task.candidateDepartmentId ?? undefined },
          mentionableLimit,
        )
      : Promise.resolve([]),
  ]);
  const unique = [...new Map([...people, ...queue].map((p) => [p.id, p])).values()].slice(0, mentionableLimit);
  const seeing = await Promise.all(unique.map(async (p) => ((await maySee(db, p, task.id)) ? p : null)));
  return seeing
    .filter((p): p is User => p !== null)
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}
