import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  isCancellation,
  patched,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createLeaveActivities } from '../../activities/leave.ts';
import type { TaskChange } from '../../activities/tasks.ts';
import { halfDaysToDays, spanLabel } from '../../domain/leave-days.ts';
import { CaseStage, CaseStatus } from '../../temporal/search-attributes.ts';
import { HumanTaskKit } from '../human-task/kit.ts';
import { shortWrites } from '../short-writes.ts';
import { processOwnersQueue } from '../human-task/process-owners.ts';
import type { TaskCompletion } from '../human-task/messages.ts';
import type { LadderRung } from '../human-task/state.ts';
import { leaveApprovalForm } from './approval-form.ts';
import {
  approvalTaskKey,
  cancelLeaveUpdate,
  LeaveFailure,
  leaveApprovalPermission,
  leaveStatusQuery,
  submitLeaveUpdate,
  type CancelLeaveInput,
  type LeaveRequestInput,
  type LeaveStatus,
} from './messages.ts';

// Each is one transaction on PostgreSQL (the e-mails they owe go through the outbox): local activities.
const leaveActivity = shortWrites<ReturnType<typeof createLeaveActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute', nonRetryableErrorTypes: [LeaveFailure.refused] },
});

/**
 * Set in every history whose request is recorded in one local activity with the opening of its
 * approval. Histories from before it recorded them one after the other, and replay them that way.
 */
export const recordedWithApprovalPatch = 'leave-recorded-with-its-approval';

/**
 * Set in every history whose decision is recorded in one local activity with its task's completion.
 * Histories from before it wrote the completion, then the decision, and replay them that way.
 */
export const decidedWithItsTaskPatch = 'leave-decided-with-its-task';

/** What the approver's form says, as the request records it. */
const decisionOf = ({ values, actor, completedAt }: TaskCompletion) => ({
  decision: values.decision === 'approve' ? ('approved' as const) : ('rejected' as const),
  comment: (values.comment as string | undefined) ?? null,
  actor,
  at: completedAt,
});

const refuseCancel = (message: string) => ApplicationFailure.create({ type: LeaveFailure.notCancellable, message, nonRetryable: true });

/** Due at the reminder (or at the escalation when there is no reminder); escalation after that. */
function approvalTimes({ remindAfterMs, escalateAfterMs }: LeaveRequestInput['policy']): { dueInMs?: number; ladder: LadderRung[] } {
  const dueInMs = remindAfterMs > 0 ? remindAfterMs : escalateAfterMs;
  if (dueInMs <= 0) return { ladder: [] };
  const ladder: LadderRung[] = [];
  if (remindAfterMs > 0) ladder.push({ afterDueMs: 0, action: 'remind' });
  if (escalateAfterMs > 0) ladder.push({ afterDueMs: escalateAfterMs - dueInMs, action: 'escalate' });
  return { dueInMs, ladder };
}

/**
 * A leave request from submission to decision, then (if approved) until the leave begins, while the
 * employee may still cancel it. The balance moves only through the ledger activities below.
 */
export async function leaveRequestWorkflow(input: LeaveRequestInput): Promise<LeaveStatus> {
  let status: LeaveStatus = 'submitting';
  let refusal: ApplicationFailure | undefined;
  let cancellation: CancelLeaveInput | undefined;
  let cancellationRecorded = false;
  const tasks = new HumanTaskKit({
    orgId: input.orgId,
    caseType: 'leave',
    caseId: input.requestId,
    subjectId: input.employee.id,
    processOwners: processOwnersQueue,
  });

  const moveTo = (next: LeaveStatus, stage: string) => {
    status = next;
    upsertSearchAttributes([
      { key: CaseStatus, value: next },
      { key: CaseStage, value: stage },
    ]);
  };

  setHandler(leaveStatusQuery, () => status);
  setHandler(submitLeaveUpdate, async () => {
    await condition(() => status !== 'submitting');
    if (refusal) throw refusal;
    return { requestId: input.requestId, status };
  });
  setHandler(
    cancelLeaveUpdate,
    async (request) => {
      if (status === 'pending' && tasks.isOpen(approvalTaskKey)) {
        cancellation = request;
        // At once, not when the main loop wakes: a decision validated after this sees the task withdrawn.
        tasks.cancel(approvalTaskKey, 'The employee cancelled the request.');
      } else {
        // The approver's decision is taken and being recorded: it stands. An approval can then
        // still be cancelled like any approved leave; a rejection cannot.
        await condition(() => status !== 'pending');
        if (status !== 'approved' || cancellation) throw refuseCancel(`This request was ${status} and can no longer be cancelled.`);
        cancellation = request;
      }
      await condition(() => cancellationRecorded);
      return { status };
    },
    {
      validator: ({ actor }) => {
        if (actor.userId !== input.employee.id) {
          throw ApplicationFailure.create({
            type: LeaveFailure.notAllowed,
            message: 'Only the employee may cancel their request.',
            nonRetryable: true,
          });
        }
        if (cancellation || !(status === 'pending' || status === 'approved')) {
          throw refuseCancel(`This request is ${status} and can no longer be cancelled.`);
        }
      },
    },
  );

  const approval = {
    step: approvalTaskKey,
    kind: 'leave-approval',
    title: `Leave request: ${input.employee.name}, ${input.leaveType.name}, ${spanLabel(input.span)}`,
    form: leaveApprovalForm,
    permission: leaveApprovalPermission,
    assignee: input.approver,
    standingInFor: input.approverStandingInFor,
    excludedIds: [input.employee.id],
    ...approvalTimes(input.policy),
    fields: {
      employeeName: input.employee.name,
      leaveTypeName: input.leaveType.name,
      period: input.span.startDate === input.span.endDate ? input.span.startDate : `${input.span.startDate} – ${input.span.endDate}`,
      workingDays: halfDaysToDays(input.halfDays),
    },
  };
  // The request and its approval task are one transaction: the manager never sees a task for a
  // request that was refused, and the submit waits for one local activity, not two.
  const recordedWithApproval = patched(recordedWithApprovalPatch);
  // Likewise the decision and the task's completion: the approver's complete is answered with the
  // request already approved or rejected.
  const decidedWithItsTask = patched(decidedWithItsTaskPatch);
  const recordDecision = (completion: TaskCompletion, closing?: TaskChange) => {
    const decided = decisionOf(completion);
    return leaveActivity('decideLeave', `Record the decision: ${decided.decision}`, [{ input, ...decided, closing }]);
  };
  if (decidedWithItsTask) tasks.writeCompletionWith(approvalTaskKey, (closing, completion) => recordDecision(completion, closing));
  try {
    if (recordedWithApproval) {
      await tasks.open(approval, (opening) =>
        leaveActivity('recordLeaveRequest', 'Record the request and open its approval', [input, opening]),
      );
    } else {
      await leaveActivity('recordLeaveRequest', 'Record the request', [input]);
    }
  } catch (err) {
    if (isCancellation(err)) throw err;
    refusal = ApplicationFailure.create({
      type: LeaveFailure.refused,
      message: err instanceof ApplicationFailure && err.type === LeaveFailure.refused ? err.message : 'The request could not be recorded.',
      nonRetryable: true,
      details: err instanceof ApplicationFailure ? (err.details ?? []) : [],
    });
    moveTo('refused', 'closed');
    await condition(allHandlersFinished);
    return status;
  }
  moveTo('pending', 'approval');

  const result = recordedWithApproval ? await tasks.wait(approvalTaskKey) : await tasks.run(approval);

  let approved = false;
  if (result.status === 'completed') {
    if (!decidedWithItsTask) await recordDecision(result.completion);
    const { decision } = decisionOf(result.completion);
    approved = decision === 'approved';
    moveTo(decision, approved ? 'awaiting-start' : 'closed');
    // Cancellable until the leave begins; after that the workflow's job is done.
    const untilStart = new Date(input.startsAt).getTime() - Date.now();
    if (approved && untilStart > 0) {
      await condition(() => cancellation !== undefined, untilStart, { summary: 'Until the leave begins' });
    }
  }

  if (cancellation) {
    const { actor, reason } = cancellation;
    await leaveActivity('cancelLeave', 'Record the cancellation', [{ input, actor, reason, at: new Date().toISOString() }]);
    moveTo('cancelled', 'closed');
    cancellationRecorded = true;
  } else if (approved) {
    moveTo('taken', 'closed');
  }
  await condition(allHandlersFinished);
  return status;
}
