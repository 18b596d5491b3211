import { and, between, eq } from 'drizzle-orm';
import { preparedRead, type Db, type Params } from '../../db/client.ts';
import { holidays, leaveRequests, leaveTypes, organizations, type LeaveType, type Organization } from '../../db/schema/index.ts';
import { availableHalfDays } from '../../db/queries/leave-balances.ts';
import { activeLeaveDuring } from '../../db/queries/leave-requests.ts';
import { todayIn } from '../../domain/calendar.ts';
import { assessLeaveRequest, type LeaveAssessment } from '../../domain/leave-rules.ts';
import type { Principal } from '../../db/queries/principal.ts';
import type { LeaveForm } from './schemas.ts';

export interface LeaveAssessmentResult extends LeaveAssessment {
  organization: Organization;
  leaveType: LeaveType | undefined;
  year: number;
  availableHalfDays: number | null;
}

interface RuleReadKey {
  orgId: string;
  employeeId: string;
  leaveTypeCode: string;
  startDate: string;
  endDate: string;
}

// Every submit and every preview makes these reads: each built once, with placeholders (db/client.ts, preparedRead).
const organizationRow = preparedRead('leave_rules_organization', (db, key: Params<Pick<RuleReadKey, 'orgId'>>) =>
  db.select().from(organizations).where(eq(organizations.id, key.orgId)),
);
const leaveTypeRow = preparedRead('leave_rules_leave_type', (db, key: Params<Pick<RuleReadKey, 'orgId' | 'leaveTypeCode'>>) =>
  db
    .select()
    .from(leaveTypes)
    .where(and(eq(leaveTypes.orgId, key.orgId), eq(leaveTypes.code, key.leaveTypeCode))),
);
const holidayRows = preparedRead('leave_rules_holidays', (db, key: Params<Pick<RuleReadKey, 'orgId' | 'startDate' | 'endDate'>>) =>
  db
    .select({ day: holidays.day })
    .from(holidays)
    .where(and(eq(holidays.orgId, key.orgId), between(holidays.day, key.startDate, key.endDate))),
);
const existingLeaveRows = preparedRead('leave_rules_existing_leave', (db, key: Params<Omit<RuleReadKey, 'leaveTypeCode'>>) =>
  db
    .select({
      startDate: leaveRequests.startDate,
      endDate: leaveRequests.endDate,
      startHalfDay: leaveRequests.startHalfDay,
      endHalfDay: leaveRequests.endHalfDay,
    })
    .from(leaveRequests)
    .where(
      and(eq(leaveRequests.orgId, key.orgId), eq(leaveRequests.employeeId, key.employeeId), activeLeaveDuring(key.startDate, key.endDate)),
    ),
);

/** Loads what the leave rules need for this employee and this form, then applies them. */
export async function assessLeaveForm(
  db: Db,
  employee: Principal,
  form: LeaveForm,
  options: { pastGraceDays: number; now: Date },
): Promise<LeaveAssessmentResult> {
  const year = Number(form.startDate.slice(0, 4));
  // Independent reads, side by side: the employee waits for the slowest, not for the sum.
  // The balance too, before knowing whether the type keeps one: a read wasted for the few that do
  // not, a round trip saved for the rest.
  const { orgId } = employee;
  const { startDate, endDate } = form;
  const [[organization], [leaveType], holidayDays, existingLeave, balance] = await Promise.all([
    organizationRow(db, { orgId }),
    leaveTypeRow(db, { orgId, leaveTypeCode: form.leaveTypeCode }),
    holidayRows(db, { orgId, startDate, endDate }),
    existingLeaveRows(db, { orgId, employeeId: employee.id, startDate, endDate }),
    availableHalfDays(db, { orgId: employee.orgId, employeeId: employee.id, leaveTypeCode: form.leaveTypeCode, year }),
  ]);
  if (!organization) throw new Error(`Organisation ${employee.orgId} is missing`);
  const available = leaveType?.hasBalance ? balance : null;
  const assessment = assessLeaveRequest(form, {
    today: todayIn(organization.timeZone, options.now),
    pastGraceDays: options.pastGraceDays,
    leaveType,
    holidays: new Set(holidayDays.map((h) => h.day)),
    existingLeave,
    availableHalfDays: available,
  });
  return { ...assessment, organization, leaveType, year, availableHalfDays: available };
}
