import { boolean, date, index, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

export const leaveTypes = pgTable(
  'leave_types',
  {
    orgId: orgId(),
    code: text('code').notNull(),
    name: text('name').notNull(),
    // Unpaid leave has no balance: nothing is allocated and nothing is checked.
    hasBalance: boolean('has_balance').notNull(),
    // Whether payroll pays its days: approved leave of an unpaid type reduces the payable days.
    paid: boolean('paid').notNull().default(true),
    yearlyAllocationHalfDays: integer('yearly_allocation_half_days').notNull().default(0),
    // The longest one request may be, in working days: a typo of a year (2054 for 2024) is refused, not booked.
    maxDays: integer('max_days').notNull().default(30),
    // A retired type is no longer offered or accepted; its requests and ledger entries stay.
    active: boolean('active').notNull().default(true),
  },
  (t) => [unique('leave_types_org_code').on(t.orgId, t.code)],
);

export const leaveStatuses = ['pending', 'approved', 'rejected', 'cancelled'] as const;
export type LeaveStatus = (typeof leaveStatuses)[number];

// Overlap of pending/approved leave is also refused by an exclusion constraint in the migration
// `leave_ledger_guards`, so two racing submissions cannot both land.
export const leaveRequests = pgTable(
  'leave_requests',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    leaveTypeCode: text('leave_type_code').notNull(),
    startDate: date('start_date', { mode: 'string' }).notNull(),
    endDate: date('end_date', { mode: 'string' }).notNull(),
    startHalfDay: boolean('start_half_day').notNull(),
    endHalfDay: boolean('end_half_day').notNull(),
    halfDays: integer('half_days').notNull(),
    reason: text('reason').notNull(),
    status: text('status', { enum: leaveStatuses }).notNull(),
    approverId: uuid('approver_id').references(() => users.id),
    workflowId: text('workflow_id').notNull(),
    decidedBy: uuid('decided_by').references(() => users.id),
    decidedAt: instant('decided_at'),
    decisionComment: text('decision_comment'),
    createdAt: createdAt(),
  },
  (t) => [
    index('leave_requests_org_employee').on(t.orgId, t.employeeId),
    index('leave_requests_org_dates').on(t.orgId, t.startDate, t.endDate),
  ],
);

export const ledgerKinds = ['allocation', 'taken', 'reversal'] as const;

// Append-only: a trigger in the migration refuses UPDATE and DELETE. A balance is the sum.
export const leaveLedger = pgTable(
  'leave_ledger',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    orgId: orgId(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    leaveTypeCode: text('leave_type_code').notNull(),
    year: integer('year').notNull(),
    halfDays: integer('half_days').notNull(),
    kind: text('kind', { enum: ledgerKinds }).notNull(),
    requestId: uuid('request_id').references(() => leaveRequests.id),
    // What makes a retried activity a no-op: `taken:<requestId>`, `allocation:<year>:<employee>:<type>`,
    // `adjustment:<adjustment id>`.
    entryKey: text('entry_key').notNull(),
    // Why an administrator corrected an allocation; null for the yearly allocation and for leave.
    note: text('note'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('leave_ledger_org_entry_key').on(t.orgId, t.entryKey),
    index('leave_ledger_balance').on(t.orgId, t.employeeId, t.leaveTypeCode, t.year),
  ],
);

export type LeaveType = typeof leaveTypes.$inferSelect;
export type LeaveRequestRow = typeof leaveRequests.$inferSelect;
export type LeaveLedgerEntry = typeof leaveLedger.$inferSelect;
