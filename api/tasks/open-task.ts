import type { Context } from 'hono';
import type { TaskRow } from '../../db/schema/index.ts';
import { completeTaskUpdate } from '../../workflows/human-task/messages.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { actorFor, commandTask } from './commands.ts';
import { findVisibleTask } from './read-model.ts';
import type { completeTaskSchema } from './schemas.ts';
import type { z } from 'zod';

export type TaskValues = z.infer<typeof completeTaskSchema>['values'];

/** The task as the signed-in person may see it, or a 404 (and an audit entry) for anyone else. */
export async function visibleTaskOrDenied(c: Context<AppEnv>, taskId: string) {
  const found = await findVisibleTask(c.var.deps.db, c.var.user, taskId);
  if (!found) throw await deniedRecord(c, 'task', taskId);
  return found;
}

export const taskNotOpen = () => new HttpError(409, 'task_not_open', 'This task is no longer open: it was already decided or withdrawn.');

/** An open task the signed-in person may see, and them as the workflow's validators see them. */
export async function openTaskAndActor(c: Context<AppEnv>, taskId: string) {
  const { row } = await visibleTaskOrDenied(c, taskId);
  if (row.status !== 'open') throw taskNotOpen();
  return { row, actor: await actorFor(c.var.deps.db, c.var.user, row, c.var.clientAddress) };
}

/**
 * Decides the task through its own workflow's `completeTask` update: one decision, whether it came
 * alone or in a bulk, so the kit's validators (and its one-winner rule) judge both the same way.
 */
export function sendCompletion(
  c: Context<AppEnv>,
  task: { row: TaskRow; actor: Awaited<ReturnType<typeof actorFor>> },
  values: TaskValues,
) {
  const { row, actor } = task;
  return commandTask(c.var.deps.temporal, row, (h) =>
    h.executeUpdate(completeTaskUpdate, { args: [{ taskKey: row.taskKey, actor, values }] }),
  );
}
