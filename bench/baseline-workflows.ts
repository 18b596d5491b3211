// The bare Temporal counterparts of the leave process, bundled on their own for the benchmark.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** Implemented by the benchmark itself, which notes in memory when each workflow reached its activity. */
export interface BaselineActivities {
  reachActivity(): Promise<void>;
}

const { reachActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export const approveUpdate = defineUpdate<void, []>('approve');

/** Start, then one trivial activity: the shape of submit → task in the manager's inbox. */
export async function oneActivityWorkflow(): Promise<void> {
  await reachActivity();
}

/** Waits for an approval update, then runs one activity: the shape of a whole submit → approve cycle. */
export async function approvalWorkflow(): Promise<void> {
  let approved = false;
  setHandler(approveUpdate, () => {
    approved = true;
  });
  await condition(() => approved);
  await reachActivity();
}
