import { z } from 'zod';
import { adjustmentTargets } from '../../db/schema/payroll.ts';
import { isCalendarDate } from '../../domain/calendar.ts';
import { periodPattern, runKeyPattern } from '../../domain/payroll/period.ts';

const calendarDate = z.string().refine(isCalendarDate, 'must be a date (yyyy-mm-dd)');
const amount = z.number().int('must be whole minor units').min(0, 'must not be negative').max(1_000_000_000_00);
const code = z.string().regex(/^[a-z][a-z0-9_]{0,31}$/, 'must be a short code (a–z, digits, _)');

const month = z.string().regex(periodPattern, 'must be a month (yyyy-mm)');

/** A run by its key: its month, or `yyyy-mm-offN` for the month's Nth off-cycle run. */
export const runParam = z.object({ run: z.string().regex(runKeyPattern, 'must be a run (yyyy-mm or yyyy-mm-offN)') });
export const lineParam = runParam.extend({ employeeId: z.uuid() });
export const employeeParam = z.object({ id: z.uuid() });
export const payslipParam = z.object({ id: z.uuid() });

export const startRunSchema = z.object({
  period: month,
  /** An off-cycle run: it pays the adjustments waiting for one, nothing else. */
  offCycle: z.boolean().default(false),
});

export const adjustmentSchema = z.object({
  /** Chosen by the form, so a second click (or a retried request) records the adjustment once. */
  id: z.uuid().optional(),
  employeeId: z.uuid(),
  type: z.enum(['earning', 'deduction']),
  amountMinor: amount.min(1, 'must be more than nothing'),
  reason: z.string().trim().min(1, 'say why').max(200),
  correctsPeriod: month.nullable().default(null),
  target: z.enum(adjustmentTargets),
});

export const adjustmentsQuery = z.object({
  status: z.enum(['open', 'applied', 'cancelled', 'all']).default('open'),
  employeeId: z.uuid().optional(),
});
export const adjustmentParam = z.object({ id: z.uuid() });

export const linesQuery = z.object({
  filter: z.enum(['all', 'flagged', 'problem', 'excluded']).default('all'),
  /** The employee the page before ended with (its `next`). */
  after: z.uuid().optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
});

export const correctionSchema = z
  .object({
    overtimeHundredths: z.number().int().min(0).max(100_000).optional(),
    unpaidDays: z.number().int().min(0).max(31).optional(),
    note: z.string().trim().min(1, 'say why').max(2000),
  })
  .refine((c) => c.overtimeHundredths !== undefined || c.unpaidDays !== undefined, {
    message: 'correct the overtime or the unpaid days',
    path: ['overtimeHundredths'],
  });

export const recomputeSchema = z.object({ employeeId: z.uuid().nullable().default(null) });

export const exclusionSchema = z.object({ reason: z.string().trim().min(1, 'say why').max(2000).nullable() });

export const employmentSchema = z
  .object({
    joinedOn: calendarDate,
    leftOn: calendarDate.nullable().default(null),
    iban: z
      .string()
      .transform((s) => s.replace(/\s+/g, '').toUpperCase())
      .pipe(z.string().regex(/^[A-Z]{2}\d{2}[A-Z0-9]{10,30}$/, 'must be an IBAN'))
      .nullable()
      .default(null),
  })
  .refine((e) => !e.leftOn || e.leftOn >= e.joinedOn, { message: 'must not be before the joining date', path: ['leftOn'] });

const ruleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('fixed'), amountMinor: amount, prorated: z.boolean().default(true) }),
  z.object({ kind: z.literal('percentOf'), of: code, basisPoints: z.number().int().min(0).max(100_000) }),
  z.object({ kind: z.literal('hoursTimesRate'), hours: z.enum(['overtime', 'worked']), rateMinor: amount }),
]);

export const structureSchema = z.object({
  effectiveFrom: calendarDate,
  components: z
    .array(
      z.object({
        code,
        name: z.string().trim().min(1).max(100),
        type: z.enum(['earning', 'deduction']),
        rule: ruleSchema,
      }),
    )
    .min(1, 'needs at least one component')
    .max(50),
});

export const settingsSchema = z.object({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be an ISO 4217 code'),
  payrollDay: z.number().int().min(1).max(28),
});
