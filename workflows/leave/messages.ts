import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { LeaveSpan } from '../../domain/leave-days.ts';
import type { Actor, Assignee } from '../human-task/messages.ts';
import type { StandingInFor } from '../human-task/state.ts';

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface LeaveRequestInput {
  requestId: string;
  orgId: string;
  departmentId: string | null;
  employee: Person;
  /** Chosen by the reporting line when the request was made; never the employee. */
  approver: Assignee;
  /** The approver stands in for this person, who is away (their own approver up the line). */
  approverStandingInFor?: StandingInFor;
  leaveType: { code: string; name: string; hasBalance: boolean };
  span: LeaveSpan;
  halfDays: number;
  /** The balance year the leave is taken from (the year of its start date). */
  year: number;
  reason: string;
  /** When the leave begins in the organisation's time zone: after that it can no longer be cancelled. */
  startsAt: string;
  policy: { remindAfterMs: number; escalateAfterMs: number };
  /** Where the employee submitted from, for the audit trail. */
  submittedFrom: string | null;
  /** When the API took the request (absent in requests from before it was kept): the timeline's first entry. */
  submittedAt?: string;
}

export type LeaveStatus = 'submitting' | 'pending' | 'approved' | 'rejected' | 'cancelled' | 'refused' | 'taken';

export interface SubmitResult {
  requestId: string;
  status: LeaveStatus;
}

export interface CancelLeaveInput {
  actor: Pick<Actor, 'userId' | 'name' | 'address'>;
  reason: string | null;
}

/** Sent with the start (update-with-start): answers once the request is recorded, or why it was refused. */
export const submitLeaveUpdate = defineUpdate<SubmitResult, []>('submitLeave');
export const cancelLeaveUpdate = defineUpdate<{ status: LeaveStatus }, [CancelLeaveInput]>('cancelLeave');
export const leaveStatusQuery = defineQuery<LeaveStatus>('leaveStatus');

export const LeaveFailure = {
  refused: 'LeaveRefused',
  notCancellable: 'NotCancellable',
  notAllowed: 'NotAllowed',
} as const;

export const approvalTaskKey = 'approval';
export const leaveApprovalPermission = 'leave:approve';
