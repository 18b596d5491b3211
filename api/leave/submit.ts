import { WithStartWorkflowOperation } from '@temporalio/client';
import { findDecider } from '../../activities/deciders.ts';
import { startOfDayIn } from '../../domain/calendar.ts';
import { CaseStage, CaseStatus, CaseType, DepartmentId, OrgId } from '../../temporal/search-attributes.ts';
import { LeaveFailure, leaveApprovalPermission, submitLeaveUpdate, type LeaveRequestInput } from '../../workflows/leave/messages.ts';
import { leaveRequestWorkflow } from '../../workflows/leave/workflow.ts';
import type { Principal } from '../../db/queries/principal.ts';
import type { ApiDeps } from '../context.ts';
import { unprocessable } from '../errors.ts';
import { commandProcess } from '../temporal-errors.ts';
import { assessLeaveForm } from './assess.ts';
import type { LeaveForm } from './schemas.ts';

const submitDeadlineMs = 15_000;

/**
 * Checks the rules and finds the approver: the process's input, or a 422 naming what is wrong.
 * Only reads: the route runs it beside its look-up of a request already made under the same id.
 */
export async function leaveProcessInput(
  deps: ApiDeps,
  user: Principal,
  form: LeaveForm & { requestId: string },
  submittedFrom: string | null,
): Promise<LeaveRequestInput> {
  const { db, config } = deps;
  // The rules' inputs and the approver are independent reads: side by side.
  const [assessment, found] = await Promise.all([
    assessLeaveForm(db, user, form, { pastGraceDays: config.leave.pastGraceDays, now: deps.now?.() ?? new Date() }),
    // The first one up the line (else HR) whose leave:approve reaches the employee; never the employee.
    findDecider(db, {
      orgId: user.orgId,
      subjectId: user.id,
      permission: leaveApprovalPermission,
      excludedIds: [user.id],
      fromUserId: user.id,
      target: { type: 'reporting-line' },
    }),
  ]);
  if (assessment.violations.length > 0) {
    throw unprocessable('leave_rule_violated', assessment.violations.map((v) => v.message).join(' '), assessment.violations);
  }
  const leaveType = assessment.leaveType!;
  const approver = found?.kind === 'person' ? found.person : undefined;
  if (!approver) {
    throw unprocessable('no_approver', 'Nobody can approve this request: nobody up your reporting line or in HR may approve your leave.');
  }
  const input: LeaveRequestInput = {
    requestId: form.requestId,
    orgId: user.orgId,
    departmentId: user.departmentId,
    employee: { id: user.id, name: user.name, email: user.email },
    approver,
    ...(found?.kind === 'person' && found.standingInFor ? { approverStandingInFor: found.standingInFor } : {}),
    leaveType: { code: leaveType.code, name: leaveType.name, hasBalance: leaveType.hasBalance },
    span: { startDate: form.startDate, endDate: form.endDate, startHalfDay: form.startHalfDay, endHalfDay: form.endHalfDay },
    halfDays: assessment.halfDays,
    year: assessment.year,
    reason: form.reason,
    startsAt: startOfDayIn(form.startDate, assessment.organization.timeZone).toISOString(),
    policy: { remindAfterMs: config.leave.remindAfterMs, escalateAfterMs: config.leave.escalateAfterMs },
    submittedFrom,
    submittedAt: new Date().toISOString(),
  };
  return input;
}

/**
 * Starts the request's process and waits until it has recorded the request. Nothing is written
 * here: the workflow records it, so a Temporal outage saves nothing half-way.
 */
export async function startLeaveProcess(deps: ApiDeps, user: Principal, input: LeaveRequestInput) {
  const { temporal, config } = deps;
  const start = new WithStartWorkflowOperation(leaveRequestWorkflow, {
    workflowId: `leave-${input.requestId}`,
    taskQueue: config.temporal.taskQueue,
    args: [input],
    // The same request id (a double click, a retried POST) joins the process it already started.
    workflowIdConflictPolicy: 'USE_EXISTING',
    // Operators find the case by these; names, the leave type, dates and the reason are personal
    // and stay in the (encrypted) input and the platform's own pages.
    staticSummary: `Leave request ${input.requestId}`,
    staticDetails: `Organisation ${user.orgId}, department ${user.departmentId ?? 'none'}.`,
    typedSearchAttributes: [
      { key: CaseType, value: 'leave' },
      { key: CaseStatus, value: 'submitting' },
      { key: CaseStage, value: 'submitted' },
      { key: OrgId, value: user.orgId },
      ...(user.departmentId ? [{ key: DepartmentId, value: user.departmentId }] : []),
    ],
  });
  return commandProcess(temporal, { [LeaveFailure.refused]: { status: 422, code: 'leave_rule_violated' } }, () =>
    temporal.connection.withDeadline(Date.now() + submitDeadlineMs, () =>
      temporal.workflow.executeUpdateWithStart(submitLeaveUpdate, { startWorkflowOperation: start, updateId: 'submit' }),
    ),
  );
}
