import { and, gte, inArray, lte, type Placeholder, type SQL } from 'drizzle-orm';
import { leaveRequests } from '../schema/index.ts';

/** Pending or approved leave touching any day from `startDate` to `endDate`: the days it holds. */
export const activeLeaveDuring = (startDate: string | Placeholder, endDate: string | Placeholder): SQL =>
  and(
    inArray(leaveRequests.status, ['pending', 'approved']),
    lte(leaveRequests.startDate, endDate),
    gte(leaveRequests.endDate, startDate),
  )!;
