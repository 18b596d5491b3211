import { setTimeout as sleep } from 'node:timers/promises';
import { ApplicationFailure, type Client, WorkflowUpdateFailedError } from '@temporalio/client';
import { and, eq } from 'drizzle-orm';
import { everyStatementPrepared, type DbOrTx } from '../../db/client.ts';
import { loadPrincipal, type Principal } from '../../db/queries/principal.ts';
import { permissionsOver } from '../../db/queries/scope.ts';
import { users, type TaskRow } from '../../db/schema/index.ts';
import { TaskFailure, type Actor, type Assignee } from '../../workflows/human-task/messages.ts';
import { HttpError } from '../errors.ts';
import { commandProcess, type FailureAnswers } from '../temporal-errors.ts';

/** How the kit's refusals read over HTTP, for every task command. */
export const taskFailureAnswers: FailureAnswers = {
  [TaskFailure.notOpen]: { status: 409, code: 'task_not_open' },
  [TaskFailure.conflict]: { status: 409, code: 'task_conflict' },
  [TaskFailure.notAllowed]: { status: 403, code: 'not_allowed' },
  [TaskFailure.invalidForm]: { status: 422, code: 'invalid_form' },
  [TaskFailure.invalidAssignee]: { status: 422, code: 'invalid_assignee' },
  [TaskFailure.unknownTask]: { status: 404, code: 'not_found' },
};

/** What the task's permission and reassignment need to reach: the person the case is about. */
const subjectOf = (task: TaskRow) => task.subjectId;

async function heldOver(db: DbOrTx, principal: Principal, task: TaskRow, wanted: string[]): Promise<string[]> {
  const subject = subjectOf(task);
  // On every command a person gives a task: kept prepared.
  return subject ? permissionsOver(everyStatementPrepared(db), principal, subject, wanted) : [];
}

/** The signed-in person as the workflow's validators see them. */
export async function actorFor(db: DbOrTx, principal: Principal, task: TaskRow, address: string | null): Promise<Actor> {
  return {
    userId: principal.id,
    name: principal.name,
    email: principal.email,
    roles: principal.roles,
    departmentId: principal.departmentId,
    permissions: await heldOver(db, principal, task, [task.permission, 'tasks:reassign']),
    address,
  };
}

/** Someone a task may be handed to, with what they hold over the case's subject; undefined if not active here. */
export async function assigneeFor(db: DbOrTx, orgId: string, userId: string, task: TaskRow): Promise<Assignee | undefined> {
  const [user] = await db
    .select()
    .from(users)
    .where(and(eq(users.id, userId), eq(users.orgId, orgId), eq(users.active, true)));
  if (!user) return undefined;
  const principal = await loadPrincipal(db, user);
  return { id: user.id, name: user.name, email: user.email, permissions: await heldOver(db, principal, task, [task.permission]) };
}

const isUnknownTask = (err: unknown) =>
  err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === TaskFailure.unknownTask;

/**
 * How long a command waits for a workflow that does not know a task its row shows yet. The row is
 * written by an activity of the workflow task that opens the task; when the worker dies before that
 * workflow task is recorded, the next worker replays it, and until then (a workflow task timeout,
 * 10 s by default) an update meets the state before the task. That is a process catching up, not a
 * missing task: the command tries again for a while, then says so with a 503 the caller may retry.
 */
const catchingUpMs = 3000;

/** Sends one of the kit's updates to the task's workflow, with its refusals as clear 4xx answers. */
export function commandTask<T>(temporal: Client, task: TaskRow, send: (handle: ReturnType<Client['workflow']['getHandle']>) => Promise<T>) {
  const handle = temporal.workflow.getHandle(task.workflowId);
  return commandProcess(temporal, taskFailureAnswers, async () => {
    const deadline = Date.now() + catchingUpMs;
    for (let pause = 100; ; pause = Math.min(pause * 2, 1000)) {
      try {
        return await send(handle);
      } catch (err) {
        if (!isUnknownTask(err)) throw err;
        if (Date.now() + pause > deadline) {
          throw new HttpError(
            503,
            'process_catching_up',
            'This process is catching up after a restart; nothing was saved. Try again in a moment.',
          );
        }
        await sleep(pause);
      }
    }
  });
}
