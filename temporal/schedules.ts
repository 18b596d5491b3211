import { ScheduleAlreadyRunning, type Client, type ScheduleDescription, type ScheduleOptions } from '@temporalio/client';

// The organisations' schedules (the digest's, the payroll's, the attendance sweep's) are kept in
// place by the worker at each start, the same way: created if missing, else brought up to date.

export type ScheduleChange = 'created' | 'updated' | 'unchanged';

/**
 * Creates the schedule, or brings the one Temporal holds up to `wanted` unless `isCurrent` says it
 * is already; without `isCurrent` it is always brought up to date.
 */
export async function ensureSchedule(
  client: Client,
  wanted: ScheduleOptions,
  isCurrent?: (held: ScheduleDescription) => boolean,
): Promise<ScheduleChange> {
  try {
    await client.schedule.create(wanted);
    return 'created';
  } catch (err) {
    if (!(err instanceof ScheduleAlreadyRunning)) throw err;
  }
  const handle = client.schedule.getHandle(wanted.scheduleId);
  if (isCurrent && isCurrent(await handle.describe())) return 'unchanged';
  // An operator's pause (and its note) stays as it is.
  await handle.update((held) => ({
    spec: wanted.spec,
    action: wanted.action,
    policies: wanted.policies,
    state: { paused: held.state.paused, ...(held.state.note ? { note: held.state.note } : {}) },
  }));
  return 'updated';
}

/** The one value a schedule calendar's range list holds (`[{ start: n, end: n }]`), else null. */
export const singleValue = <T>(ranges: { start: T; end: T }[] | undefined): T | null =>
  ranges?.length === 1 && ranges[0]!.start === ranges[0]!.end ? ranges[0]!.start : null;

/**
 * Ensures each organisation's schedule, one at a time (a few calls each, off the worker's critical
 * path), and answers how many of each change there were.
 */
export async function ensureEach<Org>(orgs: Org[], ensure: (org: Org) => Promise<ScheduleChange>): Promise<Record<ScheduleChange, number>> {
  const changes: Record<ScheduleChange, number> = { created: 0, updated: 0, unchanged: 0 };
  for (const org of orgs) changes[await ensure(org)] += 1;
  return changes;
}
