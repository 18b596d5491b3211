import { proxyActivities, upsertSearchAttributes, workflowInfo } from '@temporalio/workflow';
import type { createInboxDigestActivities } from '../../activities/inbox-digest.ts';
import { OrgId } from '../../temporal/search-attributes.ts';
import type { InboxDigestInput, InboxDigestOutcome } from './messages.ts';

// One pass over the organisation's readers, not a short write: an ordinary activity, with room to run.
const { sendInboxDigests } = proxyActivities<ReturnType<typeof createInboxDigestActivities>>({
  startToCloseTimeout: '10 minutes',
  retry: { initialInterval: '5 seconds', maximumInterval: '5 minutes' },
});

/**
 * The daily task digest of one organisation, started by its schedule (temporal/inbox-digest-schedules.ts)
 * at 07:00 in the organisation's time zone. Generic: it reads the bell, whatever process wrote it.
 */
export async function inboxDigestWorkflow(input: InboxDigestInput): Promise<InboxDigestOutcome> {
  upsertSearchAttributes([{ key: OrgId, value: input.orgId }]);
  // The run's own start, not the schedule's nominal time (TemporalScheduledStartTime): that one is
  // cut to the second, so a notice written in the same second as a trigger fell after the window's
  // end and waited for the next day's digest.
  const at = input.at ?? workflowInfo().startTime.toISOString();
  return sendInboxDigests.executeWithOptions({ summary: 'Queues the daily task digests' }, [{ orgId: input.orgId, at }]);
}
