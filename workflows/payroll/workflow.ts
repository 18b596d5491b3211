import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  proxyActivities,
  setHandler,
  upsertSearchAttributes,
} from '@temporalio/workflow';
import type { createPayrollActivities } from '../../activities/payroll/index.ts';
import { CaseStage, CaseStatus } from '../../temporal/search-attributes.ts';
import { runLabel } from '../../domain/payroll/period.ts';
import { HumanTaskKit } from '../human-task/kit.ts';
import { processOwnersQueue } from '../human-task/process-owners.ts';
import { shortWrites } from '../short-writes.ts';
import { paymentForm, payrollApprovalForm, payrollReviewForm } from './forms.ts';
import {
  correctPayrollLineUpdate,
  excludePayrollLineUpdate,
  PayrollFailure,
  payrollRunStateQuery,
  recomputePayrollLinesUpdate,
  startPayrollRunUpdate,
  type PayrollRunInput,
  type PayrollRunStage,
  type PayrollRunState,
} from './messages.ts';

type Activities = ReturnType<typeof createPayrollActivities>;

// Computing and issuing a batch of hundreds of employees is real work: ordinary activities, retried
// on another worker if this one dies (noticed by their missing heartbeats, not after the whole
// timeout); each batch's writes are keyed, so a retry duplicates nothing.
const { openPayrollRun, computePayrollBatch, issuePayslipBatch } = proxyActivities<Activities>({
  startToCloseTimeout: '5 minutes',
  heartbeatTimeout: '15 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '30 seconds' },
});
const payrollWrite = shortWrites<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/** Runs `work` over batches 0…count-1, at most `parallel` at a time. */
async function inBatches(count: number, parallel: number, work: (batch: number) => Promise<void>, done: () => void): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < count) {
      const batch = next++;
      await work(batch);
      done();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(parallel, count)) }, lane));
}

/**
 * A month's payroll for one organisation: every active employee's pay computed in bounded parallel
 * batches (progress on the run's row), HR's review (corrections recompute a line; exclusions carry a
 * reason), finance's approval (or a send-back to HR), then a payslip per employee and finance's
 * confirmation of the bank transfer. Amounts never travel through the workflow: only ids and counts.
 */
export async function payrollRunWorkflow(input: PayrollRunInput): Promise<PayrollRunState> {
  const state: PayrollRunState = { runId: null, stage: 'starting', batchesDone: 0, batches: 0, review: { problemLines: 0, revision: 0 } };
  const label = runLabel(input.period, input.sequence ?? 0);
  // Answers arrive in any order; the line writes behind them were counted in turn under the run's lock.
  const heard = (figures: PayrollRunState['review'] | undefined) => {
    if (figures && figures.revision > state.review!.revision) state.review = figures;
  };
  const kit = new HumanTaskKit({
    orgId: input.orgId,
    caseType: 'payroll',
    caseId: input.runId,
    subjectId: input.subjectId,
    processOwners: processOwnersQueue,
  });
  const moveTo = async (stage: PayrollRunStage) => {
    state.stage = stage;
    upsertSearchAttributes([
      { key: CaseStage, value: stage },
      { key: CaseStatus, value: stage === 'paid' ? 'closed' : 'open' },
    ]);
    if (state.runId) await payrollWrite('setPayrollRunStatus', `Run: ${stage}`, [{ runId: state.runId, stage }]);
  };
  const ensureReviewing = ({ actor }: { actor: { permissions: string[] } }) => {
    if (!actor.permissions.includes('payroll:run')) throw refuse(PayrollFailure.notAllowed, 'You may not correct payroll lines.');
    if (state.stage !== 'review') throw refuse(PayrollFailure.wrongStage, 'Lines can be corrected only while the run is in review.');
  };

  setHandler(payrollRunStateQuery, () => state);
  setHandler(startPayrollRunUpdate, async () => {
    await condition(() => state.runId !== null);
    return state;
  });
  setHandler(
    correctPayrollLineUpdate,
    async (correction) => {
      const answer = await payrollWrite('correctPayrollLine', 'Correct and recompute a line', [{ runId: state.runId!, ...correction }]);
      heard(answer.review);
      return { status: answer.status };
    },
    { validator: ensureReviewing },
  );
  setHandler(
    excludePayrollLineUpdate,
    async (exclusion) => {
      const answer = await payrollWrite('excludePayrollLine', exclusion.reason ? 'Exclude a line' : 'Include a line again', [
        { runId: state.runId!, ...exclusion },
      ]);
      heard(answer.review);
      return { status: answer.status };
    },
    { validator: ensureReviewing },
  );
  setHandler(
    recomputePayrollLinesUpdate,
    async (recompute) => {
      const answer = await payrollWrite('recomputePayrollLines', 'Recompute lines with the set-up as it is now', [
        { runId: state.runId!, ...recompute },
      ]);
      heard(answer.review);
      return { recomputed: answer.recomputed };
    },
    { validator: ensureReviewing },
  );
  kit.refuseCompletionUnless('review', () => {
    const left = state.review?.problemLines ?? 0;
    if (left === 0) return null;
    return `${left === 1 ? 'One line has' : `${left} lines have`} a set-up problem: fix the set-up and recompute, or exclude them, before submitting.`;
  });

  const run = await openPayrollRun(input);
  state.runId = input.runId;
  state.batches = run.batches;
  await moveTo('computing');
  await inBatches(
    run.batches,
    input.parallelBatches,
    async (batch) => {
      heard((await computePayrollBatch({ runId: input.runId, batch })).review);
    },
    () => state.batchesDone++,
  );

  let note: string | null = null;
  let reviewer: string;
  for (;;) {
    await moveTo('review');
    const review = await kit.run({
      step: 'review',
      kind: 'payroll-review',
      title: `Review the payroll for ${label}`,
      form: payrollReviewForm,
      permission: 'payroll:run',
      queue: { role: 'hr', label: 'HR' },
      note,
      fields: { period: label },
    });
    if (review.status !== 'completed') continue;
    reviewer = review.completion.actor.userId;
    await moveTo('approval');
    const approval = await kit.run({
      step: 'approval',
      kind: 'payroll-approval',
      title: `Approve the payroll for ${label}`,
      form: payrollApprovalForm,
      permission: 'payroll:approve',
      queue: { role: 'finance', label: 'Finance' },
      // Four eyes: whoever submitted it does not approve it.
      excludedIds: [reviewer],
      fields: { period: label },
    });
    if (approval.status === 'completed' && approval.completion.values.decision === 'approve') {
      await payrollWrite('approvePayrollRun', 'Approve the run', [{ runId: input.runId, approvedBy: approval.completion.actor.userId }]);
      break;
    }
    note =
      approval.status === 'completed'
        ? `Sent back by ${approval.completion.actor.name}: ${approval.completion.values.reason as string}`
        : null;
  }

  await moveTo('payslips');
  state.batchesDone = 0;
  await inBatches(
    run.batches,
    input.parallelBatches,
    async (batch) => {
      await issuePayslipBatch({ runId: input.runId, batch });
    },
    () => state.batchesDone++,
  );
  await moveTo('payment');
  await kit.run({
    step: 'payment',
    kind: 'payroll-payment',
    title: `Confirm the bank transfer for ${label}`,
    form: paymentForm,
    permission: 'payroll:approve',
    queue: { role: 'finance', label: 'Finance' },
    fields: { period: label },
  });
  await moveTo('paid');
  await condition(() => kit.settled() && allHandlersFinished());
  return state;
}
