// The bare Temporal counterparts of the leave process, bundled on their own for the benchmark.
import { condition, defineUpdate, proxyActivities, setHandler } from '@temporalio/workflow';

/** Implemented by the benchmark itself, which notes in memory when each workflow reached which step. */
export interface BaselineActivities {
  reachActivity(step: string): Promise<void>;
}

const { reachActivity } = proxyActivities<BaselineActivities>({ startToCloseTimeout: '30 seconds' });

export const approveUpdate = defineUpdate<void, []>('approve');
export const submitUpdate = defineUpdate<void, []>('submit');

/** Start, then one trivial activity: the bare counterpart of submit → task in the manager's inbox. */
export async function oneActivityWorkflow(): Promise<void> {
  await reachActivity('first');
}

/**
 * The steps the leave submit takes, without the platform: started with an update that answers once a
 * first activity ("record the request") is done, then a second activity ("open the task").
 */
export async function submitShapedWorkflow(): Promise<void> {
  let recorded = false;
  setHandler(submitUpdate, () => condition(() => recorded));
  await reachActivity('record');
  recorded = true;
  await reachActivity('open-task');
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
 * The steps a whole leave cycle takes, without the platform: the submit-shaped start, then an approval
 * update that answers once the task is closed, then the decision.
 */
export async function cycleShapedWorkflow(): Promise<void> {
  let recorded = false;
  let approved = false;
  let closed = false;
  setHandler(submitUpdate, () => condition(() => recorded));
  setHandler(approveUpdate, async () => {
    approved = true;
    await condition(() => closed);
  });
  await reachActivity('record');
  recorded = true;
  await reachActivity('open-task');
  await condition(() => approved);
  await reachActivity('close-task');
  closed = true;
  await reachActivity('decide');
}
