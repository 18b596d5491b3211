import { createAttendanceActivities } from './attendance.ts';
import { createEngagementActivities } from './engagement/index.ts';
import { createInboxDigestActivities } from './inbox-digest.ts';
import { createPayrollActivities } from './payroll/index.ts';
import { createLeaveActivities, type LeaveActivityDeps } from './leave.ts';
import { createTaskActivities } from './tasks.ts';

export type ActivityDeps = LeaveActivityDeps;

/** Every activity the worker registers, built over its dependencies (real or test ones). */
export function createActivities(deps: ActivityDeps) {
  return {
    ...createTaskActivities(deps),
    ...createLeaveActivities(deps),
    ...createInboxDigestActivities(deps),
    ...createEngagementActivities(deps),
    ...createAttendanceActivities(deps),
    ...createPayrollActivities(deps),
  };
}
