// The JSON of the leave process's routes and of its task panel, named for the UI as ../contract.ts
// names the platform's: types only, each taken from the code that builds it.
import type { z } from 'zod';
import type { Answer, Json } from '../answer.ts';
import type { leaveBalanceRoutes, leaveRequestRoutes, leaveTypeRoutes } from '../routes/leave.ts';
import type { adminAllocationRoutes } from './admin-allocations.ts';
import type { adminLeaveTypeRoutes } from './admin-leave-types.ts';
import type { leavePanel } from './case-type.ts';
import type { leaveFormSchema } from './schemas.ts';

/** What the request-leave form sends (`POST /api/leave-requests` and its preview). */
export type LeaveForm = z.input<typeof leaveFormSchema>;

export type LeaveTypesAnswer = Answer<typeof leaveTypeRoutes, '/', '$get'>;
export type LeaveType = LeaveTypesAnswer['leaveTypes'][number];
export type LeaveBalancesAnswer = Answer<typeof leaveBalanceRoutes, '/', '$get'>;
export type LeaveBalance = LeaveBalancesAnswer['balances'][number];
export type LeavePreview = Answer<typeof leaveRequestRoutes, '/preview', '$post'>;
export type LeaveRequestsAnswer = Answer<typeof leaveRequestRoutes, '/', '$get'>;
export type LeaveRequest = LeaveRequestsAnswer['leaveRequests'][number];
export type LeaveStatus = LeaveRequest['status'];
export type LeaveRequestAnswer = Answer<typeof leaveRequestRoutes, '/', '$post'>;
export type LeaveRequestDetail = Answer<typeof leaveRequestRoutes, '/:id', '$get'>;

/** A task's `panel` when its case is a leave request (the generic task route types it as any JSON). */
export type LeavePanel = NonNullable<Json<Awaited<ReturnType<typeof leavePanel>>>>;

export type AdminLeaveTypesAnswer = Answer<typeof adminLeaveTypeRoutes, '/leave-types', '$get'>;
export type AdminLeaveType = AdminLeaveTypesAnswer['leaveTypes'][number];
export type Allocations = Answer<typeof adminAllocationRoutes, '/allocations', '$get'>;
export type AllocationsMade = Answer<typeof adminAllocationRoutes, '/allocations', '$post'>;
