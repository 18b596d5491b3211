import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { queueMembers } from '../../db/queries/queue-members.ts';
import { taskCandidates, users, type TaskRow, type User } from '../../db/schema/index.ts';
import { findVisibleTask } from '../tasks/read-model.ts';

const mentionableLimit = 25;
// Each is checked by the task page's own rule (two queries each); past this many, the rest of a large
// queue sees new messages when their page next loads.
const toldLimit = 100;

/** Whether this person may see the task, by the very rule the task page uses. */
export async function maySee(db: DbOrTx, person: User, taskId: string): Promise<boolean> {
  return person.active && (await findVisibleTask(db, person, taskId)) !== undefined;
}

/**
 * People who may see the task (those it names, and its queue while nobody holds it), each checked
 * with `maySee`, at most `limit` of them.
 */
async function seeingPeople(db: DbOrTx, task: TaskRow, limit: number): Promise<User[]> {
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
      .limit(limit),
    task.status === 'open' && !task.assigneeId && (task.candidateRole || task.candidateDepartmentId)
      ? queueMembers(
          db,
          task.orgId,
          { label: task.queueLabel ?? '', role: task.candidateRole ?? undefined, departmentId: task.candidateDepartmentId ?? undefined },
          limit,
        )
      : Promise.resolve([]),
  ]);
  const unique = [...new Map([...people, ...queue].map((p) => [p.id, p])).values()].slice(0, limit);
  const seeing = await Promise.all(unique.map(async (p) => ((await maySee(db, p, task.id)) ? p : null)));
  return seeing.filter((p): p is User => p !== null);
}

/** Whom a comment may mention: people who may see the task, by name, at most 25 (a few queries each, hence the small cap). */
export async function peopleWhoMaySee(db: DbOrTx, task: TaskRow): Promise<Pick<User, 'id' | 'name'>[]> {
  return (await seeingPeople(db, task, mentionableLimit))
    .map(({ id, name }) => ({ id, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
}

/** Whose open pages hear of a new message on the task: the writer and everyone else who may see it. */
export async function idsOfPeopleWhoMaySee(db: DbOrTx, task: TaskRow, writerId: string): Promise<string[]> {
  return [...new Set([writerId, ...(await seeingPeople(db, task, toldLimit)).map((p) => p.id)])];
}
