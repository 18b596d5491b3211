import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { ParentClosePolicy, proxyActivities, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createAttendanceActivities } from '../../activities/attendance.ts';
import { CaseType, OrgId } from '../../temporal/search-attributes.ts';
import { attendanceCorrectionWorkflow } from './correction.ts';
import { correctionWorkflowId, type MissedCheckOutsInput } from './messages.ts';

const { findMissedCheckOuts } = proxyActivities<ReturnType<typeof createAttendanceActivities>>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * The organisation's daily sweep (temporal/attendance-schedules.ts): the days before today still
 * open get one correction process each. The workflow id is the day's, so a second sweep, a retry
 * or a catch-up run starts nothing twice.
 */
export async function missedCheckOutsWorkflow(input: MissedCheckOutsInput): Promise<{ started: number; found: number }> {
  upsertSearchAttributes([{ key: OrgId, value: input.orgId }]);
  const at = input.at ?? workflowInfo().startTime.toISOString();
  const missed = await findMissedCheckOuts.executeWithOptions({ summary: 'Find the open days before today' }, [{ orgId: input.orgId, at }]);
  let started = 0;
  for (const correction of missed) {
    try {
      await startChild(attendanceCorrectionWorkflow, {
        workflowId: correctionWorkflowId(correction.employee.id, correction.day),
        args: [correction],
        // The correction outlives the sweep that found it.
        parentClosePolicy: ParentClosePolicy.ABANDON,
        workflowIdReusePolicy: 'REJECT_DUPLICATE',
        staticSummary: `Attendance correction ${correction.correctionId}`,
        typedSearchAttributes: [
          { key: CaseType, value: 'attendance' },
          { key: OrgId, value: correction.orgId },
        ],
      });
      started += 1;
    } catch (err) {
      if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    }
  }
  return { started, found: missed.length };
}
