import { ParentClosePolicy, proxyActivities, startChild, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import { defineSearchAttributeKey, SearchAttributeType, WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import type { createPayrollActivities } from '../../activities/payroll/index.ts';
import { OrgId } from '../../temporal/search-attributes.ts';
import { payrollRunSearchAttributes, payrollRunWorkflowId } from './messages.ts';
import { payrollRunWorkflow } from './workflow.ts';

const { payrollStartInput } = proxyActivities<ReturnType<typeof createPayrollActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/** Set by Temporal on what a schedule starts: the time the schedule meant, not when it ran. */
const scheduledStartTime = defineSearchAttributeKey('TemporalScheduledStartTime', SearchAttributeType.DATETIME);

/**
 * What the organisation's payroll schedule starts on its payroll day: the month's run, under the
 * id a start by hand uses too, so whichever comes second joins the first. The run outlives this.
 */
/**
 * `period`: the month, when an operator (or a test) names it; else the month the schedule meant to
 * start in, by the organisation's clock (a run caught up after an outage, or at 06:00 on the 1st
 * east of UTC, is still that month's).
 */
export async function scheduledPayrollWorkflow(input: {
  orgId: string;
  period?: string;
}): Promise<{ workflowId: string; joined: boolean }> {
  upsertSearchAttributes([{ key: OrgId, value: input.orgId }]);
  const info = workflowInfo();
  const meantAt = info.typedSearchAttributes.get(scheduledStartTime) ?? info.startTime;
  const runInput = await payrollStartInput({ orgId: input.orgId, period: input.period, at: meantAt.toISOString() });
  const { period } = runInput;
  const workflowId = payrollRunWorkflowId(input.orgId, period);
  try {
    await startChild(payrollRunWorkflow, {
      workflowId,
      args: [runInput],
      parentClosePolicy: ParentClosePolicy.ABANDON,
      staticSummary: `Payroll ${period}`,
      typedSearchAttributes: payrollRunSearchAttributes(input.orgId),
    });
    return { workflowId, joined: false };
  } catch (err) {
    if (err instanceof WorkflowExecutionAlreadyStartedError) return { workflowId, joined: true };
    throw err;
  }
}
