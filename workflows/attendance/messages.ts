import type { Assignee } from '../human-task/messages.ts';

export const correctionWorkflowId = (employeeId: string, day: string) => `attendance-correction-${employeeId}-${day}`;
export const missedCheckOutsId = (orgId: string) => `attendance-missed-check-outs-${orgId}`;

export const checkOutPermission = 'attendance:record';
export const correctionApprovalPermission = 'attendance:approve';

export interface MissedCheckOutsInput {
  orgId: string;
  /** The sweep's moment; the schedule's run takes its own start. */
  at?: string;
}

/** One missed check-out: the ids and times its process needs, no more. */
export interface CorrectionInput {
  orgId: string;
  correctionId: string;
  attendanceDayId: string;
  day: string;
  checkInAt: string;
  timeZone: string;
  employee: Assignee;
  /** The first up the employee's line (else HR) whose attendance:approve reaches them. */
  approver: Assignee | null;
}

export type CorrectionOutcome = 'corrected' | 'withdrawn';
