// The bare Temporal counterparts of the leave process, bundled on their own for the benchmark.
import { allHandlersFinished, condition, defineUpdate, proxyActivities, proxyLocalActivities, setHandler } from '@temporalio/workflow';

/** Implemented by the benchmark itself, which notes in memory when each workflow reached which step. */
export interface BaselineActivities {
  reachActivity(step: string): Promise<void>;
}

const { reachActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

const local = proxyLocalActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export const approveUpdate = defineUpdate<void, []>('approve');
export const submitUpdate = defineUpdate<void, []>('submit');

/** Start, then one trivial activity: the bare counterpart of submit → task in the manager's inbox. */
export async function oneActivityWorkflow(): Promise<void> {
  await reachActivity('first');
}

/** Waits for an approval update, then runs one activity: the bare counterpart of a whole submit → approve cycle. */
export async function approvalWorkflow(): Promise<void> {
  let approved = false;
  setHandler(approveUpdate, () => {
    approved = true;
  });
  await condition(() => approved);
  await reachActivity('decide');
}

/**
 * Update-with-start whose update waits for one local activity: the platform's own submit, bare (no
 * HTTP, no SQL, no rules). Not the target's baseline; it shows what of the submit is Temporal's.
 */
export async function recordedLocallyWorkflow(): Promise<void> {
  let recorded = false;
  setHandler(submitUpdate, async () => {
    await condition(() => recorded);
  });
  await local.reachActivity('recorded');
  recorded = true;
  await condition(allHandlersFinished);
}
