import {
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { organizations } from '../db/schema/index.ts';
import { digestHour } from '../domain/inbox-digest.ts';
import { inboxDigestId } from '../workflows/inbox-digest/messages.ts';
import { inboxDigestWorkflow } from '../workflows/inbox-digest/workflow.ts';
import { ensureEach, ensureSchedule, singleValue, type ScheduleChange } from './schedules.ts';

// Every organisation has a Temporal schedule that starts its daily task digest at 07:00 by its own
// clock. The worker keeps them in place each time it starts (temporal/worker-main.ts), the one place
// every deployment and `npm start` goes through: an organisation made since (`npm run create-admin`
// against a running system) gets its schedule at the next worker start.

type Organisation = { id: string; timeZone: string };

/** What an organisation's schedule should be: 07:00 in its zone, on the workers' task queue. */
export function inboxDigestSchedule(
  org: Organisation,
  taskQueue: string,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof inboxDigestWorkflow>> {
  return {
    scheduleId: inboxDigestId(org.id),
    spec: { calendars: [{ hour: digestHour, minute: 0, comment: 'daily task digest' }], timezone: org.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: inboxDigestWorkflow,
      // Temporal adds the scheduled time to each run's id: inbox-digest-<org>-2027-03-16T06:00:00Z.
      workflowId: inboxDigestId(org.id),
      taskQueue,
      args: [{ orgId: org.id }],
      staticSummary: `Daily task digest of organisation ${org.id}`,
    },
    policies: {
      // A run still going (a very large organisation, a database outage) is not doubled.
      overlap: ScheduleOverlapPolicy.SKIP,
      // After an outage the missed run still goes out the same day, for the day it was meant for.
      catchupWindow: '1 day',
    },
  };
}

const catchupWindowMs = 86_400_000;

/** Whether the schedule Temporal holds is already the one `inboxDigestSchedule` describes. */
function isCurrent(held: ScheduleDescription, org: Organisation, taskQueue: string): boolean {
  const calendars = held.spec.calendars ?? [];
  return (
    held.spec.timezone === org.timeZone &&
    calendars.length === 1 &&
    singleValue(calendars[0]!.hour) === digestHour &&
    singleValue(calendars[0]!.minute) === 0 &&
    (held.spec.intervals ?? []).length === 0 &&
    held.action.workflowType === inboxDigestWorkflow.name &&
    held.action.taskQueue === taskQueue &&
    held.policies.overlap === ScheduleOverlapPolicy.SKIP &&
    held.policies.catchupWindow === catchupWindowMs
  );
}

/** Creates the organisation's schedule, or brings one that differs (another zone, task queue) up to date. */
export const ensureInboxDigestSchedule = (client: Client, org: Organisation, taskQueue: string): Promise<ScheduleChange> =>
  ensureSchedule(client, inboxDigestSchedule(org, taskQueue), (held) => isCurrent(held, org, taskQueue));

/** Ensures the schedule of every organisation, or of these only; answers how many of each change. */
export async function ensureInboxDigestSchedules(
  client: Client,
  db: DbOrTx,
  taskQueue: string,
  onlyOrgIds?: string[],
): Promise<Record<ScheduleChange, number>> {
  const orgs = await db
    .select({ id: organizations.id, timeZone: organizations.timeZone })
    .from(organizations)
    .where(onlyOrgIds ? inArray(organizations.id, onlyOrgIds) : undefined);
  return ensureEach(orgs, (org) => ensureInboxDigestSchedule(client, org, taskQueue));
}
