import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { leaveRequests } from '../../db/schema/index.ts';
import type { CaseType } from '../cases/case-type.ts';
import { adminAllocationRoutes } from './admin-allocations.ts';
import { adminLeaveTypeRoutes } from './admin-leave-types.ts';
import { leaveBalanceRoutes, leaveRequestRoutes, leaveTypeRoutes } from '../routes/leave.ts';
import { leaveRouteRules } from './route-rules.ts';
import { balanceFor, findLeaveRequest, findLeaveRequests, overlappingTeamAbsences, presentLeaveRequest } from './read-model.ts';

/**
 * What a task of a leave request shows beside its form: the request, the balance it draws on, and
 * who else in the team is away then. Named, so that leave/contract.ts can give the UI its type.
 */
export async function leavePanel(db: DbOrTx, viewer: Principal, caseId: string) {
  const request = await findLeaveRequest(db, viewer.orgId, caseId);
  if (!request) return null;
  const year = Number(request.startDate.slice(0, 4));
  return {
    leaveRequest: presentLeaveRequest(request),
    balance: await balanceFor(db, { orgId: viewer.orgId, employeeId: request.employeeId, leaveTypeCode: request.leaveTypeCode, year }),
    overlappingAbsences: await overlappingTeamAbsences(db, request),
  };
}

/** The leave request as a case type: what its tasks show and who may see it. */
export const leaveCaseType: CaseType = {
  key: 'leave',
  label: 'Leave request',
  taskKinds: { 'leave-approval': { label: 'Leave approval', bulkDecision: true } },
  fields: [
    { name: 'employeeName', label: 'Employee' },
    { name: 'leaveTypeName', label: 'Leave type' },
    { name: 'period', label: 'Dates' },
    { name: 'workingDays', label: 'Working days' },
  ],
  async loadFields(db, orgId, caseIds) {
    const requests = await findLeaveRequests(db, orgId, caseIds);
    return new Map(
      requests.map((r) => [
        r.id,
        {
          employeeName: r.employeeName,
          leaveTypeName: r.leaveTypeName,
          period: r.startDate === r.endDate ? r.startDate : `${r.startDate} – ${r.endDate}`,
          workingDays: r.workingDays,
        },
      ]),
    );
  },
  loadPanel: leavePanel,
  async visibleTo(db, viewer, caseId) {
    const [request] = await db
      .select({ employeeId: leaveRequests.employeeId })
      .from(leaveRequests)
      .where(and(eq(leaveRequests.orgId, viewer.orgId), eq(leaveRequests.id, caseId)));
    return request?.employeeId === viewer.id;
  },
  auditKinds: [
    'leave.submitted',
    'leave.approved',
    'leave.rejected',
    'leave.cancelled',
    'leave.allocated',
    'leave.allocation_adjusted',
    'leave_type.created',
    'leave_type.updated',
  ],
  timelineKinds: { submitted: 'Submitted', approved: 'Approved', rejected: 'Rejected', cancelled: 'Cancelled' },
  routes: [
    { path: '/leave-types', router: leaveTypeRoutes },
    { path: '/leave-balances', router: leaveBalanceRoutes },
    { path: '/leave-requests', router: leaveRequestRoutes },
    { path: '/admin', router: adminLeaveTypeRoutes },
    { path: '/admin', router: adminAllocationRoutes },
  ],
  routeRules: leaveRouteRules,
};
