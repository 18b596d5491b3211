import { and, eq, gte, isNull, lt, ne } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { recordAudit } from '../db/queries/audit-log.ts';
import { attendanceCorrections, attendanceDays, organizations, users } from '../db/schema/index.ts';
import { addCalendarDays, todayIn } from '../domain/calendar.ts';
import {
  correctionApprovalPermission,
  correctionWorkflowId,
  checkOutPermission,
  type CorrectionInput,
} from '../workflows/attendance/messages.ts';
import { recordCaseEvent } from './case-events.ts';
import { findDecider } from './deciders.ts';

export interface AttendanceActivityDeps {
  db: Db;
}

/** How far back a sweep looks: a week of missed sweeps (an outage) is still caught up, older days are HR's to fix. */
const lookBackDays = 7;

export function createAttendanceActivities({ db }: AttendanceActivityDeps) {
  return {
    /**
     * The organisation's days before today (its own today) still without a check-out, each with
     * its correction row (made once: the day is unique) and who approves it.
     */
    async findMissedCheckOuts({ orgId, at }: { orgId: string; at: string }): Promise<CorrectionInput[]> {
      const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
      const timeZone = org?.timeZone ?? 'UTC';
      const today = todayIn(timeZone, new Date(at));
      const open = await db
        .select({ day: attendanceDays, employee: users })
        .from(attendanceDays)
        .innerJoin(users, eq(users.id, attendanceDays.employeeId))
        .where(
          and(
            eq(attendanceDays.orgId, orgId),
            isNull(attendanceDays.checkOutAt),
            lt(attendanceDays.day, today),
            gte(attendanceDays.day, addCalendarDays(today, -lookBackDays)),
            eq(users.active, true),
          ),
        );
      const found: CorrectionInput[] = [];
      for (const { day, employee } of open) {
        await db
          .insert(attendanceCorrections)
          .values({
            orgId,
            attendanceDayId: day.id,
            employeeId: employee.id,
            day: day.day,
            workflowId: correctionWorkflowId(employee.id, day.day),
          })
          .onConflictDoNothing({ target: attendanceCorrections.attendanceDayId });
        const [correction] = await db.select().from(attendanceCorrections).where(eq(attendanceCorrections.attendanceDayId, day.id));
        if (!correction || correction.status === 'approved') continue;
        await recordCaseEvent(db, {
          orgId,
          caseId: correction.id,
          eventKey: 'flagged',
          kind: 'flagged',
          actorId: null,
          note: `No check-out on ${day.day}.`,
          at: new Date(at),
        });
        const approver = await findDecider(db, {
          orgId,
          subjectId: employee.id,
          permission: correctionApprovalPermission,
          excludedIds: [employee.id],
          fromUserId: employee.id,
          target: { type: 'reporting-line' },
        });
        found.push({
          orgId,
          correctionId: correction.id,
          attendanceDayId: day.id,
          day: day.day,
          checkInAt: day.checkInAt.toISOString(),
          timeZone,
          employee: { id: employee.id, name: employee.name, email: employee.email, permissions: [checkOutPermission] },
          approver: approver?.kind === 'person' ? approver.person : null,
        });
      }
      return found;
    },

    async recordProposedCheckOut(input: CorrectionInput, checkOutAt: string): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(attendanceCorrections)
          .set({ status: 'awaiting_manager', proposedCheckOutAt: new Date(checkOutAt) })
          .where(and(eq(attendanceCorrections.id, input.correctionId), eq(attendanceCorrections.orgId, input.orgId)));
        await recordCaseEvent(tx, {
          orgId: input.orgId,
          caseId: input.correctionId,
          eventKey: `proposed:${checkOutAt}`,
          kind: 'proposed',
          actorId: input.employee.id,
          note: null,
          at: new Date(checkOutAt),
        });
      });
    },

    /** The approved check-out lands on the day once: a day closed meanwhile keeps its own check-out. */
    async completeCorrection(
      input: CorrectionInput,
      decision: { checkOutAt: string; decidedBy: string; decidedAt: string },
    ): Promise<void> {
      await db.transaction(async (tx) => {
        await tx
          .update(attendanceDays)
          .set({ checkOutAt: new Date(decision.checkOutAt) })
          .where(and(eq(attendanceDays.id, input.attendanceDayId), isNull(attendanceDays.checkOutAt)));
        const [changed] = await tx
          .update(attendanceCorrections)
          .set({ status: 'approved', decidedBy: decision.decidedBy, decidedAt: new Date(decision.decidedAt) })
          .where(and(eq(attendanceCorrections.id, input.correctionId), ne(attendanceCorrections.status, 'approved')))
          .returning({ id: attendanceCorrections.id });
        await recordCaseEvent(tx, {
          orgId: input.orgId,
          caseId: input.correctionId,
          eventKey: 'corrected',
          kind: 'corrected',
          actorId: decision.decidedBy,
          note: null,
          at: new Date(decision.decidedAt),
        });
        if (changed) {
          await recordAudit(tx, {
            orgId: input.orgId,
            kind: 'attendance.corrected',
            actorId: decision.decidedBy,
            targetType: 'attendance_day',
            targetId: input.attendanceDayId,
            detail: { day: input.day, checkOutAt: decision.checkOutAt },
            eventKey: `attendance.corrected:${input.correctionId}`,
          });
        }
      });
    },
  };
}
