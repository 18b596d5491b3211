import { defineQuery, defineUpdate } from '@temporalio/workflow';
import { CaseStage, CaseStatus, CaseType, OrgId } from '../../temporal/search-attributes.ts';
import type { Actor } from '../human-task/messages.ts';

export interface PayrollRunInput {
  /** The run's row (and case) id. */
  runId: string;
  orgId: string;
  /** `yyyy-mm`: the calendar month paid. */
  period: string;
  /** Absent or 0 for the month's run; 1, 2, … for its off-cycle runs (adjustments only). */
  sequence?: number;
  /** Whom the run's tasks are about (their permissions are organisation-wide): who started it, else the first admin. */
  subjectId: string;
  startedBy: string | null;
  /** Employees per compute activity, and how many run at once. */
  batchSize: number;
  parallelBatches: number;
}

export type PayrollRunStage = 'starting' | 'computing' | 'review' | 'approval' | 'payslips' | 'payment' | 'paid';

export interface PayrollRunState {
  runId: string | null;
  stage: PayrollRunStage;
  batchesDone: number;
  batches: number;
  /** The run's lines with a set-up problem, as of the newest revision heard of: none may be left at submission. */
  review?: { problemLines: number; revision: number };
}

export interface CorrectLineInput {
  actor: Pick<Actor, 'userId' | 'name' | 'permissions' | 'address'>;
  employeeId: string;
  /** Replaces the period's overtime hours (hundredths) from attendance. */
  overtimeHundredths?: number;
  /** Extra unpaid days HR found (an unexcused absence the attendance missed). */
  unpaidDays?: number;
  note: string;
}

export interface ExcludeLineInput {
  actor: Pick<Actor, 'userId' | 'name' | 'permissions' | 'address'>;
  employeeId: string;
  /** Null includes an excluded employee again. */
  reason: string | null;
}

export interface RecomputeLinesInput {
  actor: Pick<Actor, 'userId' | 'name' | 'permissions' | 'address'>;
  /** One employee's line, or (null) every line with a problem. */
  employeeId: string | null;
}

/** Sent with the start (update-with-start): answers once the run's row exists, joining a run already started. */
export const startPayrollRunUpdate = defineUpdate<PayrollRunState, []>('startPayrollRun');
export const correctPayrollLineUpdate = defineUpdate<{ status: string }, [CorrectLineInput]>('correctPayrollLine');
export const excludePayrollLineUpdate = defineUpdate<{ status: string }, [ExcludeLineInput]>('excludePayrollLine');
export const recomputePayrollLinesUpdate = defineUpdate<{ recomputed: number }, [RecomputeLinesInput]>('recomputePayrollLines');
export const payrollRunStateQuery = defineQuery<PayrollRunState>('payrollRunState');

export const PayrollFailure = { notAllowed: 'NotAllowed', wrongStage: 'WrongStage' } as const;

/** By the run's key (its month, or `yyyy-mm-offN`): a run started twice is the same workflow. */
export const payrollRunWorkflowId = (orgId: string, runKey: string) => `payroll-${orgId}-${runKey}`;

/** What operators find a run by in the Temporal Web UI: ids and its stage, never an amount. */
export const payrollRunSearchAttributes = (orgId: string) => [
  { key: CaseType, value: 'payroll' },
  { key: CaseStatus, value: 'open' },
  { key: CaseStage, value: 'starting' },
  { key: OrgId, value: orgId },
];
