import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, numeric, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { PayLine, SalaryComponent, SetupProblem } from '../../domain/payroll/structure.ts';
import { createdAt, id, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/** How an organisation pays: its currency and the day of the month its run starts on its own. */
export const payrollSettings = pgTable('payroll_settings', {
  orgId: uuid('org_id').primaryKey(),
  currency: text('currency').notNull().default('EUR'),
  /** Day of the month (1–28) the month's run starts on the schedule. */
  payrollDay: integer('payroll_day').notNull().default(25),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** An employee's employment dates for payroll: joining or leaving mid-period prorates. */
export const employments = pgTable('employments', {
  employeeId: uuid('employee_id')
    .primaryKey()
    .references(() => users.id),
  orgId: orgId(),
  joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  leftOn: date('left_on', { mode: 'string' }),
  /** Where the net pay goes (the bank file's line). */
  iban: text('iban'),
});

/** An employee's salary structure from a date on; the one in force on a period's last day applies. */
export const salaryStructures = pgTable(
  'salary_structures',
  {
    id: id(),
    orgId: orgId(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    effectiveFrom: date('effective_from', { mode: 'string' }).notNull(),
    components: jsonb('components').$type<SalaryComponent[]>().notNull(),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [unique('salary_structures_employee_from').on(t.employeeId, t.effectiveFrom)],
);

export const payrollRunStatuses = ['computing', 'review', 'approval', 'approved', 'paid'] as const;
export type PayrollRunStatus = (typeof payrollRunStatuses)[number];

/** One run per organisation and month (`payroll-<org>-<yyyy-mm>`). */
export const payrollRuns = pgTable(
  'payroll_runs',
  {
    id: id(),
    orgId: orgId(),
    /** `yyyy-mm`. */
    period: text('period').notNull(),
    /** 0 for the month's run; 1, 2, … for off-cycle runs paying adjustments in that month. */
    sequence: integer('sequence').notNull().default(0),
    status: text('status', { enum: payrollRunStatuses }).notNull(),
    currency: text('currency').notNull(),
    employeeCount: integer('employee_count').notNull().default(0),
    computedCount: integer('computed_count').notNull().default(0),
    // A whole organisation's month overflows 32 bits (10,000 people at 5,000.00 is 5·10⁹ cents).
    grossMinor: bigint('gross_minor', { mode: 'number' }).notNull().default(0),
    deductionsMinor: bigint('deductions_minor', { mode: 'number' }).notNull().default(0),
    netMinor: bigint('net_minor', { mode: 'number' }).notNull().default(0),
    startedBy: uuid('started_by').references(() => users.id),
    approvedBy: uuid('approved_by').references(() => users.id),
    approvedAt: instant('approved_at'),
    paidAt: instant('paid_at'),
    /**
     * Counts the writes to the run's lines (each under the run's lock): the workflow keeps the
     * review's figures from the highest revision it heard of, whatever order the answers came in.
     */
    revision: integer('revision').notNull().default(0),
    createdAt: createdAt(),
  },
  (t) => [unique('payroll_runs_org_period_sequence').on(t.orgId, t.period, t.sequence)],
);

export const adjustmentTargets = ['next_run', 'off_cycle'] as const;

/**
 * A correction of what an employee was paid, after the run that paid it was final (which is never
 * edited): an amount paid or recovered, with its reason, in the next run or an off-cycle one. The
 * run that computes it claims it (`applied_run_id`); an excluded line lets it go to a later run.
 */
export const payrollAdjustments = pgTable(
  'payroll_adjustments',
  {
    id: id(),
    orgId: orgId(),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    type: text('type', { enum: ['earning', 'deduction'] }).notNull(),
    amountMinor: integer('amount_minor').notNull(),
    reason: text('reason').notNull(),
    /** The month it corrects (`yyyy-mm`), when it corrects one. */
    correctsPeriod: text('corrects_period'),
    target: text('target', { enum: adjustmentTargets }).notNull(),
    appliedRunId: uuid('applied_run_id').references(() => payrollRuns.id),
    createdBy: uuid('created_by').references(() => users.id),
    createdAt: createdAt(),
    cancelledAt: instant('cancelled_at'),
    cancelledBy: uuid('cancelled_by').references(() => users.id),
  },
  (t) => [
    index('payroll_adjustments_open')
      .on(t.orgId, t.employeeId)
      .where(sql`applied_run_id is null and cancelled_at is null`),
  ],
);

/** One employee's line in a run: computed, stopped by a set-up problem, or excluded by HR. */
export const payrollLines = pgTable(
  'payroll_lines',
  {
    id: id(),
    orgId: orgId(),
    runId: uuid('run_id')
      .notNull()
      .references(() => payrollRuns.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    /** Which of the run's compute batches it belongs to. */
    batch: integer('batch').notNull(),
    status: text('status', { enum: ['pending', 'computed', 'problem', 'excluded'] }).notNull(),
    /** In halves: a half day of unpaid leave pays half a day less. */
    payableDays: numeric('payable_days', { precision: 4, scale: 1, mode: 'number' }),
    periodDays: integer('period_days'),
    overtimeHundredths: integer('overtime_hundredths').notNull().default(0),
    /** HR's correction of the period's inputs, kept with the line it changed. */
    correction: jsonb('correction').$type<{ overtimeHundredths?: number; unpaidDays?: number; note: string }>(),
    lines: jsonb('lines').$type<PayLine[]>(),
    problems: jsonb('problems').$type<SetupProblem[]>(),
    grossMinor: integer('gross_minor'),
    deductionsMinor: integer('deductions_minor'),
    netMinor: integer('net_minor'),
    /** Last month's net, for the review's differences. */
    previousNetMinor: integer('previous_net_minor'),
    excludedReason: text('excluded_reason'),
    computedAt: instant('computed_at'),
  },
  (t) => [unique('payroll_lines_run_employee').on(t.runId, t.employeeId), index('payroll_lines_run_batch').on(t.runId, t.batch)],
);

/** What an employee was paid for a period: written once per run and employee, never edited. */
export const payslips = pgTable(
  'payslips',
  {
    id: id(),
    orgId: orgId(),
    runId: uuid('run_id')
      .notNull()
      .references(() => payrollRuns.id),
    employeeId: uuid('employee_id')
      .notNull()
      .references(() => users.id),
    period: text('period').notNull(),
    payableDays: numeric('payable_days', { precision: 4, scale: 1, mode: 'number' }).notNull(),
    periodDays: integer('period_days').notNull(),
    lines: jsonb('lines').$type<PayLine[]>().notNull(),
    grossMinor: integer('gross_minor').notNull(),
    deductionsMinor: integer('deductions_minor').notNull(),
    netMinor: integer('net_minor').notNull(),
    currency: text('currency').notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('payslips_run_employee').on(t.runId, t.employeeId), index('payslips_employee').on(t.employeeId, t.period)],
);
