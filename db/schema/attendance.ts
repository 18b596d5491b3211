import { check, date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { sql } from 'drizzle-orm';
import { createdAt, id, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/**
 * The organisation's working day. Which days are working days is the leave process's rule
 * (domain/calendar.ts isWorkingDay: Monday to Friday, less the holiday calendar), so only the
 * length of the day lives here; an organisation without a row works 8 hours.
 */
export const attendanceWorkingHours = pgTable('attendance_working_hours', {
  orgId: orgId().primaryKey(),
  dailyMinutes: integer('daily_minutes').notNull().default(480),
});

export const attendanceSources = ['web', 'import'] as const;
export type AttendanceSource = (typeof attendanceSources)[number];

/** A terminal's export as HR confirmed it: the file's hash makes a second import of it a no-op. */
export const attendanceImports = pgTable(
  'attendance_imports',
  {
    id: id(),
    orgId: orgId(),
    fileHash: text('file_hash').notNull(),
    fileName: text('file_name'),
    savedLines: integer('saved_lines').notNull(),
    skippedLines: integer('skipped_lines').notNull(),
    importedBy: uuid('imported_by')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [unique('attendance_imports_org_file').on(t.orgId, t.fileHash)],
);

// One day per employee and local date (in the organisation's zone): a second check-in is refused by it.
export const attendanceDays = pgTable(
  'attendance_days',
  {
    id: id(),
    orgId: orgId(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    // Instants from the server's clock (web) or the terminal's local times read in the organisation's zone (import).
    checkInAt: instant('check_in_at').notNull(),
    checkOutAt: instant('check_out_at'),
    source: text('source', { enum: attendanceSources }).notNull(),
    importId: uuid('import_id').references(() => attendanceImports.id),
    createdAt: createdAt(),
  },
  (t) => [
    unique('attendance_days_org_employee_day').on(t.orgId, t.employeeId, t.day),
    index('attendance_days_org_day').on(t.orgId, t.day),
    check('attendance_days_out_after_in', sql`${t.checkOutAt} is null or ${t.checkOutAt} > ${t.checkInAt}`),
  ],
);

export const correctionStatuses = ['awaiting_employee', 'awaiting_manager', 'approved'] as const;
export type CorrectionStatus = (typeof correctionStatuses)[number];

/** A missed check-out and its correction process (`attendance-correction-<employee>-<date>`). */
export const attendanceCorrections = pgTable(
  'attendance_corrections',
  {
    id: id(),
    orgId: orgId(),
    attendanceDayId: uuid('attendance_day_id')
      .notNull()
      .references(() => attendanceDays.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    day: date('day', { mode: 'string' }).notNull(),
    workflowId: text('workflow_id').notNull(),
    status: text('status', { enum: correctionStatuses }).notNull().default('awaiting_employee'),
    proposedCheckOutAt: instant('proposed_check_out_at'),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    createdAt: createdAt(),
  },
  (t) => [unique('attendance_corrections_day').on(t.attendanceDayId), unique('attendance_corrections_workflow').on(t.workflowId)],
);

export type AttendanceDay = typeof attendanceDays.$inferSelect;
export type AttendanceImport = typeof attendanceImports.$inferSelect;
export type AttendanceCorrection = typeof attendanceCorrections.$inferSelect;
