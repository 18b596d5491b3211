import type { Context } from 'hono';
import type { TaskRow } from '../../db/schema/index.ts';
import { caseTypeOf } from '../cases/registry.ts';
import type { AppEnv } from '../context.ts';
import { describeFailure, HttpError } from '../errors.ts';
import { openTaskAndActor, sendCompletion, type TaskValues } from './open-task.ts';

/**
 * How many workflows one bulk request decides at a time: enough to finish a hundred tasks in a few
 * round trips, few enough that one person's bulk does not crowd everyone else's commands out.
 */
const decisionsAtOnce = 8;

export type BulkResult = { taskId: string; ok: true } | { taskId: string; ok: false; error: { code: string; message: string } };

/** Whether the task's case type lets many tasks of this kind be decided at once (`bulkDecision`). */
const decidableInBulk = (row: TaskRow) => caseTypeOf(row.caseType)?.taskKinds[row.kind]?.bulkDecision === true;

async function decideOne(c: Context<AppEnv>, taskId: string, values: TaskValues): Promise<BulkResult> {
  try {
    const task = await openTaskAndActor(c, taskId);
    if (!decidableInBulk(task.row)) {
      throw new HttpError(422, 'bulk_not_allowed', 'Tasks of this kind are decided one by one, not in bulk.');
    }
    await sendCompletion(c, task, values);
    return { taskId, ok: true };
  } catch (err) {
    if (err instanceof HttpError) return { taskId, ok: false, error: { code: err.code, message: err.message } };
    // One task's surprise must not hide which of the others were decided already.
    console.error(`api: bulk decision of a task failed: ${describeFailure(err)}`);
    return { taskId, ok: false, error: { code: 'internal', message: 'Something went wrong on our side.' } };
  }
}

/** Decides each task by its own workflow, a few at a time; the results in the order asked. */
export async function decideInBulk(c: Context<AppEnv>, taskIds: string[], values: TaskValues): Promise<BulkResult[]> {
  const results: BulkResult[] = new Array(taskIds.length);
  let next = 0;
  const lane = async () => {
    while (next < taskIds.length) {
      const index = next++;
      results[index] = await decideOne(c, taskIds[index]!, values);
    }
  };
  await Promise.all(Array.from({ length: Math.min(decisionsAtOnce, taskIds.length) }, lane));
  return results;
}
