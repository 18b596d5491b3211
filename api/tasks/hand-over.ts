import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { and, eq, inArray, or } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { taskCandidates, tasks } from '../../db/schema/index.ts';
import { holderDepartedSignal } from '../../workflows/human-task/messages.ts';

/**
 * Tells every process holding an open task of this person that they left: each workflow moves the
 * task on at once (back to its queue, up the reporting line, or to the process owners), with a
 * timeline entry. Answers how many processes were told.
 */
export async function handOverTasksOf(db: DbOrTx, temporal: Client, orgId: string, userId: string): Promise<number> {
  const formerHolder = db
    .select({ id: taskCandidates.taskId })
    .from(taskCandidates)
    .where(and(eq(taskCandidates.orgId, orgId), eq(taskCandidates.userId, userId), eq(taskCandidates.relation, 'also')));
  const rows = await db
    .selectDistinct({ workflowId: tasks.workflowId })
    .from(tasks)
    .where(
      and(
        eq(tasks.orgId, orgId),
        eq(tasks.status, 'open'),
        or(eq(tasks.assigneeId, userId), eq(tasks.delegateId, userId), inArray(tasks.id, formerHolder)),
      ),
    );
  for (const { workflowId } of rows) {
    try {
      await temporal.workflow.getHandle(workflowId).signal(holderDepartedSignal, { userId });
    } catch (err) {
      // A process that finished meanwhile has nothing left to move.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return rows.length;
}
