import { and, between, eq } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
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
  const [[organization], [leaveType], holidayRows, existingLeave, balance] = await Promise.all([
    db.select().from(organizations).where(eq(organizations.id, employee.orgId)),
    db
      .select()
      .from(leaveTypes)
      .where(and(eq(leaveTypes.orgId, employee.orgId), eq(leaveTypes.code, form.leaveTypeCode))),
    db
      .select({ day: holidays.day })
      .from(holidays)
      .where(and(eq(holidays.orgId, employee.orgId), between(holidays.day, form.startDate, form.endDate))),
    db
      .select({
        startDate: leaveRequests.startDate,
        endDate: leaveRequests.endDate,
        startHalfDay: leaveRequests.startHalfDay,
        endHalfDay: leaveRequests.endHalfDay,
      })
      .from(leaveRequests)
      .where(
        and(
          eq(leaveRequests.orgId, employee.orgId),
          eq(leaveRequests.employeeId, employee.id),
          activeLeaveDuring(form.startDate, form.endDate),
        ),
      ),
    availableHalfDays(db, { orgId: employee.orgId, employeeId: employee.id, leaveTypeCode: form.leaveTypeCode, year }),
  ]);
  if (!organization) throw new Error(`Organisation ${employee.orgId} is missing`);
  const available = leaveType?.hasBalance ? balance : null;
  const assessment = assessLeaveRequest(form, {
    today: todayIn(organization.timeZone, options.now),
    pastGraceDays: options.pastGraceDays,
    leaveType,
    holidays: new Set(holidayRows.map((h) => h.day)),
    existingLeave,
    availableHalfDays: available,
  });
  return { ...assessment, organization, leaveType, year, availableHalfDays: available };
}
