import type { Context } from 'hono';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { findVisibleTask } from '../tasks/read-model.ts';

/** The task's row when the signed-in person may see it; else the task routes' own 404 (and audit entry). */
export async function taskSeenBySignedIn(c: Context<AppEnv>, taskId: string) {
  const found = await findVisibleTask(c.var.deps.db, c.var.user, taskId);
  if (!found) throw await deniedRecord(c, 'task', taskId);
  return found.row;
}
