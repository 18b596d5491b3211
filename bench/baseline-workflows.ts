// The bare Temporal counterparts of the leave process, bundled on their own for the benchmark.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** Implemented by the benchmark itself, which notes in memory when each workflow reached which step. */
export interface BaselineActivities {
  reachActivity(step: string): Promise<void>;
}

const { reachActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export const approveUpdate = defineUpdate<void, []>('approve');

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
