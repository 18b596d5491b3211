import type { createEngagementActivities } from '../../activities/engagement/index.ts';
import { HumanTaskKit } from '../human-task/kit.ts';
import { processOwnersQueue } from '../human-task/process-owners.ts';
import { shortWrites } from '../short-writes.ts';
import type { Person } from './messages.ts';
import { PausableSteps } from './pausable-steps.ts';

// Each is one short transaction on PostgreSQL (the e-mails they owe go through the outbox): local activities.
export const engagementActivity = shortWrites<ReturnType<typeof createEngagementActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/**
 * The engagement's case as the task kit files it, with steps a hold or a cancellation interrupts.
 * The engagement and each of its work items (child workflows) file their tasks under the same case.
 */
export function engagementSteps(c: { orgId: string; engagementId: string; owner: Person }) {
  const tasks = new HumanTaskKit({
    orgId: c.orgId,
    caseType: 'engagement',
    caseId: c.engagementId,
    subjectId: c.owner.id,
    processOwners: processOwnersQueue,
  });
  return { tasks, steps: new PausableSteps(tasks) };
}
