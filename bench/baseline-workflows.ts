// The bare Temporal counterparts of the leave process, bundled on their own for the benchmark.
import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** Implemented by bench/baseline-worker.ts: the instant the activity started (monotonic ms). */
export interface BaselineActivities {
  reachActivity(): Promise<number>;
}

const { reachActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

const local = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export const approveUpdate = defineUpdate<void, []>('approve');
export const submitUpdate = defineUpdate<void, []>('submit');

/** Start, then one trivial activity: the bare counterpart of submit → task in the manager's inbox. */
export async function oneActivityWorkflow(): Promise<number> {
  return reachActivity();
}

/** Waits for an approval update, then runs one activity: the bare counterpart of a whole submit → approve cycle. */
export async function approvalWorkflow(): Promise<void> {
  let approved = false;
  setHandler(approveUpdate, () => {
    approved = true;
  });
  await condition(() => approved);
  await reachActivity();
}

/**
 * Update-with-start whose update waits for one local activity: the platform's own submit, bare (no
 * HTTP, no SQL, no rules). Not the target's baseline; it shows what of the submit is Temporal's.
 */
export async function recordedLocallyWorkflow(): Promise<number> {
  let recorded = false;
  setHandler(submitUpdate, async () => {
    await condition(() => recorded);
  });
  const reached = await local.reachActivity();
  recorded = true;
  await condition(allHandlersFinished);
  return reached;
}
