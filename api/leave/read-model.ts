import { and, desc, eq, inArray, ne, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import { preparedRead, type DbOrTx, type Params } from '../../db/client.ts';
import { leaveRequests, leaveTypes, users } from '../../db/schema/index.ts';
import { ledgerHalfDaysByKind, pendingHalfDays } from '../../db/queries/leave-balances.ts';
import { activeLeaveDuring } from '../../db/queries/leave-requests.ts';
import { halfDaysToDays } from '../../domain/leave-days.ts';

const employee = alias(users, 'employee');
const approver = alias(users, 'approver');

const leaveRequestColumns = {
  id: leaveRequests.id,
  orgId: leaveRequests.orgId,
  employeeId: leaveRequests.employeeId,
  employeeName: employee.name,
  leaveTypeCode: leaveRequests.leaveTypeCode,
  leaveTypeName: leaveTypes.name,
  startDate: leaveRequests.startDate,
  endDate: leaveRequests.endDate,
  startHalfDay: leaveRequests.startHalfDay,
  endHalfDay: leaveRequests.endHalfDay,
  halfDays: leaveRequests.halfDays,
  reason: leaveRequests.reason,
  status: leaveRequests.status,
  approverId: leaveRequests.approverId,
  approverName: approver.name,
  decisionComment: leaveRequests.decisionComment,
  decidedAt: leaveRequests.decidedAt,
  createdAt: leaveRequests.createdAt,
  workflowId: leaveRequests.workflowId,
};

function selectLeaveRequests(db: DbOrTx, where: SQL | undefined) {
  return db
    .select(leaveRequestColumns)
    .from(leaveRequests)
    .innerJoin(employee, eq(employee.id, leaveRequests.employeeId))
    .leftJoin(approver, eq(approver.id, leaveRequests.approverId))
    .leftJoin(leaveTypes, and(eq(leaveTypes.orgId, leaveRequests.orgId), eq(leaveTypes.code, leaveRequests.leaveTypeCode)))
    .where(where)
    .orderBy(desc(leaveRequests.createdAt));
}

type LeaveRequestRecord = Awaited<ReturnType<typeof selectLeaveRequests>>[number];

export function presentLeaveRequest({ halfDays, workflowId: _workflowId, orgId: _orgId, ...row }: LeaveRequestRecord) {
  return { ...row, leaveTypeName: row.leaveTypeName ?? row.leaveTypeCode, workingDays: halfDaysToDays(halfDays) };
}

export async function listOwnLeaveRequests(db: DbOrTx, orgId: string, employeeId: string) {
  const rows = await selectLeaveRequests(db, and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.employeeId, employeeId)));
  return rows.map(presentLeaveRequest);
}

// Twice on every submit and on every look at one request: built once and kept prepared
// (db/client.ts, preparedRead), not built again by drizzle each time.
const leaveRequestRow = preparedRead('leave_request_by_id', (db, key: Params<{ orgId: string; id: string }>) =>
  selectLeaveRequests(db, and(eq(leaveRequests.orgId, key.orgId), eq(leaveRequests.id, key.id))),
);

export async function findLeaveRequest(db: DbOrTx, orgId: string, id: string): Promise<LeaveRequestRecord | undefined> {
  const [row] = await leaveRequestRow(db, { orgId, id });
  return row;
}

export async function findLeaveRequests(db: DbOrTx, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  const rows = await selectLeaveRequests(db, and(eq(leaveRequests.orgId, orgId), inArray(leaveRequests.id, ids)));
  return rows.map(presentLeaveRequest);
}

export async function balanceFor(db: DbOrTx, key: { orgId: string; employeeId: string; leaveTypeCode: string; year: number }) {
  const { allocation, taken, reversal } = await ledgerHalfDaysByKind(db, key);
  const balance = allocation + taken + reversal;
  const pending = await pendingHalfDays(db, key);
  return {
    year: key.year,
    allocated: halfDaysToDays(allocation),
    taken: halfDaysToDays(-(taken + reversal)),
    balance: halfDaysToDays(balance),
    pending: halfDaysToDays(pending),
    available: halfDaysToDays(balance - pending),
  };
}

/** Pending or approved leave of the employee's team (same manager or same department) in the same days. */
export async function overlappingTeamAbsences(
  db: DbOrTx,
  request: { orgId: string; employeeId: string; startDate: string; endDate: string },
) {
  const [person] = await db.select().from(users).where(eq(users.id, request.employeeId));
  if (!person) return [];
  const sameTeam = or(
    person.managerId ? eq(employee.managerId, person.managerId) : sql`false`,
    person.departmentId ? eq(employee.departmentId, person.departmentId) : sql`false`,
  );
  const rows = await selectLeaveRequests(
    db,
    and(
      eq(leaveRequests.orgId, request.orgId),
      ne(leaveRequests.employeeId, request.employeeId),
      activeLeaveDuring(request.startDate, request.endDate),
      sameTeam,
    ),
  );
  return rows.map((r) => ({ employeeName: r.employeeName, startDate: r.startDate, endDate: r.endDate, status: r.status }));
}
