import {
  ScheduleOverlapPolicy,
  type Client,
  type ScheduleDescription,
  type ScheduleOptions,
  type ScheduleOptionsStartWorkflowAction,
} from '@temporalio/client';
import { eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { organizations, payrollSettings } from '../db/schema/index.ts';
import { scheduledPayrollWorkflow } from '../workflows/payroll/scheduled.ts';
import { ensureEach, ensureSchedule, singleValue, type ScheduleChange } from './schedules.ts';

// Every organisation has a schedule that starts its month's payroll run on its payroll day, early
// in the morning by its own clock. The worker keeps them in place when it starts, as it does the
// digests'; changing the payroll day (PUT /api/payroll/settings) brings the schedule up to date too.

type Organisation = { id: string; timeZone: string; payrollDay: number };

const runHour = 6;
export const payrollScheduleId = (orgId: string) => `payroll-schedule-${orgId}`;

export function payrollSchedule(
  org: Organisation,
  taskQueue: string,
): ScheduleOptions<ScheduleOptionsStartWorkflowAction<typeof scheduledPayrollWorkflow>> {
  return {
    scheduleId: payrollScheduleId(org.id),
    spec: { calendars: [{ dayOfMonth: org.payrollDay, hour: runHour, minute: 0, comment: 'monthly payroll run' }], timezone: org.timeZone },
    action: {
      type: 'startWorkflow',
      workflowType: scheduledPayrollWorkflow,
      workflowId: payrollScheduleId(org.id),
      taskQueue,
      args: [{ orgId: org.id }],
      staticSummary: `Monthly payroll of organisation ${org.id}`,
    },
    // A run missed in an outage still starts within the week; the run's own id keeps it to one a month.
    policies: { overlap: ScheduleOverlapPolicy.SKIP, catchupWindow: '7 days' },
  };
}

function isCurrent(held: ScheduleDescription, org: Organisation, taskQueue: string): boolean {
  const [calendar, ...more] = held.spec.calendars ?? [];
  return (
    more.length === 0 &&
    held.spec.timezone === org.timeZone &&
    singleValue(calendar?.dayOfMonth) === org.payrollDay &&
    singleValue(calendar?.hour) === runHour &&
    held.action.workflowType === scheduledPayrollWorkflow.name &&
    held.action.taskQueue === taskQueue
  );
}

export const ensurePayrollSchedule = (client: Client, org: Organisation, taskQueue: string): Promise<ScheduleChange> =>
  ensureSchedule(client, payrollSchedule(org, taskQueue), (held) => isCurrent(held, org, taskQueue));

/** Ensures every organisation's payroll schedule (or these only), at its payroll day (the 25th unless set). */
export async function ensurePayrollSchedules(
  client: Client,
  db: DbOrTx,
  taskQueue: string,
  onlyOrgIds?: string[],
): Promise<Record<ScheduleChange, number>> {
  const orgs = await db
    .select({ id: organizations.id, timeZone: organizations.timeZone, payrollDay: payrollSettings.payrollDay })
    .from(organizations)
    .leftJoin(payrollSettings, eq(payrollSettings.orgId, organizations.id))
    .where(onlyOrgIds ? inArray(organizations.id, onlyOrgIds) : undefined);
  return ensureEach(orgs, (org) => ensurePayrollSchedule(client, { ...org, payrollDay: org.payrollDay ?? 25 }, taskQueue));
}
