import { ScheduleOverlapPolicy, type Client, type ScheduleOptions, type ScheduleOptionsStartWorkflowAction } from '@temporalio/client';
import { inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { organizations } from '../db/schema/index.ts';
import { missedCheckOutsId } from '../workflows/attendance/messages.ts';
import { missedCheckOutsWorkflow } from '../workflows/attendance/missed-check-outs.ts';
import { ensureSchedule } from './schedules.ts';

// Every organisation has a schedule that looks for yesterday's missed check-outs at 06:00 by its
// own clock, kept in place by the worker at each start, like the inbox digest's.
export const missedCheckOutsHour = 6;

export function missedCheckOutsSchedule(
  org: { id: string; timeZone: string },
  taskQueue: string,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof missedCheckOutsWorkflow>> {
  return {
    scheduleId: missedCheckOutsId(org.id),
    spec: { calendars: [{ hour: missedCheckOutsHour, minute: 0, comment: 'missed check-outs' }], timezone: org.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: missedCheckOutsWorkflow,
      workflowId: missedCheckOutsId(org.id),
      taskQueue,
      args: [{ orgId: org.id }],
      staticSummary: `Missed check-outs of organisation ${org.id}`,
    },
    // A missed run is caught up within the sweep's week; each day's correction starts once whatever runs.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '1 day' },
  };
}

/** Creates each organisation's schedule, or brings the one Temporal holds up to date (an operator's pause stays). */
export async function ensureMissedCheckOutsSchedules(
  client: Client,
  db: DbOrTx,
  taskQueue: string,
  onlyOrgIds?: string[],
): Promise<number> {
  const orgs = await db
    .select({ id: organizations.id, timeZone: organizations.timeZone })
    .from(organizations)
    .where(onlyOrgIds ? inArray(organizations.id, onlyOrgIds) : undefined);
  for (const org of orgs) await ensureSchedule(client, missedCheckOutsSchedule(org, taskQueue));
  return orgs.length;
}
