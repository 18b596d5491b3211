import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { dailyWorkingMinutes } from '../../db/queries/attendance.ts';
import { attendanceCorrections, attendanceDays, users } from '../../db/schema/index.ts';
import type { CaseType } from '../cases/case-type.ts';
import { organizationZone, presentDay } from './read-model.ts';
import { attendanceRouteRules } from './route-rules.ts';
import { attendanceRoutes } from './routes.ts';

const correctionsOf = (db: DbOrTx, orgId: string, ids: string[]) =>
  db
    .select({ correction: attendanceCorrections, employeeName: users.name, day: attendanceDays })
    .from(attendanceCorrections)
    .innerJoin(users, eq(users.id, attendanceCorrections.employeeId))
    .innerJoin(attendanceDays, eq(attendanceDays.id, attendanceCorrections.attendanceDayId))
    .where(and(eq(attendanceCorrections.orgId, orgId), inArray(attendanceCorrections.id, ids)));

/** What a correction's task shows: the day as recorded and the check-out proposed for it. */
export async function attendancePanel(db: DbOrTx, viewer: Principal, caseId: string) {
  const [found] = await correctionsOf(db, viewer.orgId, [caseId]);
  if (!found) return null;
  const [timeZone, dailyMinutes] = await Promise.all([organizationZone(db, viewer.orgId), dailyWorkingMinutes(db, viewer.orgId)]);
  return {
    employeeName: found.employeeName,
    status: found.correction.status,
    day: presentDay(found.day, dailyMinutes, timeZone),
    proposedCheckOutAt: found.correction.proposedCheckOutAt?.toISOString() ?? null,
  };
}

/** A missed check-out's correction as a case type: the employee's task, then the manager's approval. */
export const attendanceCaseType: CaseType = {
  key: 'attendance',
  label: 'Attendance correction',
  taskKinds: {
    'attendance-check-out': { label: 'Missed check-out' },
    'attendance-approval': { label: 'Attendance correction approval' },
  },
  fields: [
    { name: 'employeeName', label: 'Employee' },
    { name: 'day', label: 'Day' },
  ],
  async loadFields(db, orgId, caseIds) {
    const rows = caseIds.length === 0 ? [] : await correctionsOf(db, orgId, caseIds);
    return new Map(rows.map((r) => [r.correction.id, { employeeName: r.employeeName, day: r.correction.day }]));
  },
  loadPanel: attendancePanel,
  async visibleTo(db, viewer, caseId) {
    const [row] = await db
      .select({ employeeId: attendanceCorrections.employeeId })
      .from(attendanceCorrections)
      .where(and(eq(attendanceCorrections.orgId, viewer.orgId), eq(attendanceCorrections.id, caseId)));
    return row?.employeeId === viewer.id;
  },
  auditKinds: ['attendance.imported', 'attendance.corrected'],
  timelineKinds: { flagged: 'Missed check-out flagged', proposed: 'Check-out proposed', corrected: 'Corrected' },
  routes: [{ path: '/attendance', router: attendanceRoutes }],
  routeRules: attendanceRouteRules,
};
