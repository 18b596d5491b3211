import { z } from 'zod';
import { permissions, scopes } from '../../domain/access/permissions.ts';
import { isCalendarDate } from '../../domain/calendar.ts';
import { maxSpanCalendarDays } from '../../domain/leave-rules.ts';

const roleKey = z.string().regex(/^[a-z][a-z0-9_]{1,39}$/, 'lower-case letters, digits and _ (2–40)');
const name = z.string().trim().min(1).max(120);

export const userIdParam = z.object({ id: z.uuid('must be a user id') });
export const departmentIdParam = z.object({ id: z.uuid('must be a department id') });
export const roleKeyParam = z.object({ key: roleKey });

export const invitationSchema = z.strictObject({
  email: z.string().trim().toLowerCase().email().max(254),
  name,
  roles: z.array(roleKey).min(1, 'choose at least one role').max(20),
  departmentId: z.uuid().nullable().optional(),
  designation: z.string().trim().max(120).nullable().optional(),
  managerId: z.uuid().nullable().optional(),
});

export const userChangeSchema = z
  .strictObject({
    name: name.optional(),
    roles: z.array(roleKey).min(1, 'choose at least one role').max(20).optional(),
    departmentId: z.uuid().nullable().optional(),
    designation: z.string().trim().max(120).nullable().optional(),
    managerId: z.uuid().nullable().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'change at least one field');

export const departmentSchema = z.strictObject({ name, parentId: z.uuid().nullable().optional() });
export const departmentChangeSchema = z.strictObject({ name: name.optional(), parentId: z.uuid().nullable().optional() });

const grant = z.strictObject({ permission: z.enum(permissions), scope: z.enum(scopes) });
export const roleSchema = z.strictObject({
  key: roleKey,
  name,
  inherits: roleKey.nullable().optional(),
  permissions: z.array(grant).max(50),
});
export const roleChangeSchema = z.strictObject({
  name: name.optional(),
  inherits: roleKey.nullable().optional(),
  permissions: z.array(grant).max(50).optional(),
});

// A real day on the calendar (no 13th month, no 30 February): the shape alone let an impossible day
// through, to roll over to another day or fail as an invalid instant in the query.
const day = z.string().refine(isCalendarDate, 'must be a real date as YYYY-MM-DD');
export const auditQuery = z.object({
  userId: z.uuid().optional(),
  kind: z
    .string()
    .regex(/^[a-z_.]{1,60}$/)
    .optional(),
  from: day.optional(),
  to: day.optional(),
  limit: z.coerce.number().int().min(1).max(500).default(100),
  before: z.coerce.number().int().positive().optional(),
});

const leaveTypeCode = z.string().regex(/^[a-z][a-z0-9_-]{1,29}$/, 'lower-case letters, digits, - and _ (2–30)');
// The hard ceiling of a request's span (domain/leave-rules.ts) bounds the working days it can have anyway.
const maxDays = z.number().int('whole days').min(1, 'at least 1 day').max(maxSpanCalendarDays, `at most ${maxSpanCalendarDays} days`);
export const leaveTypeCodeParam = z.object({ code: leaveTypeCode });
export const leaveTypeSchema = z.strictObject({
  code: leaveTypeCode,
  name,
  hasBalance: z.boolean(),
  /** Whether payroll pays its days; left out, a type with a balance is paid and one without is not. */
  paid: z.boolean().optional(),
  maxDays,
  active: z.boolean().default(true),
});
export const leaveTypeChangeSchema = z
  .strictObject({
    code: leaveTypeCode.optional(),
    name: name.optional(),
    hasBalance: z.boolean().optional(),
    paid: z.boolean().optional(),
    maxDays: maxDays.optional(),
    active: z.boolean().optional(),
  })
  .refine((change) => Object.keys(change).length > 0, 'change at least one field');

const yearNumber = z.number().int().min(2000, 'a year from 2000').max(2100, 'a year up to 2100');
const yearInQuery = z.coerce.number().int().min(2000).max(2100);
const calendarDate = z.string().refine(isCalendarDate, 'must be a date as YYYY-MM-DD');
export const holidayIdParam = z.object({ id: z.uuid('must be a holiday id') });
export const holidayYearQuery = z.object({ year: yearInQuery.optional() });
export const holidaySchema = z.strictObject({ day: calendarDate, name });
export const holidayRenameSchema = z.strictObject({ name });
export const holidayFillSchema = z.strictObject({ year: yearNumber });
const countryCode = z
  .string()
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, 'a two-letter country code');
export const holidayPlacesQuery = z.object({ country: countryCode.optional() });
export const holidayRegionSchema = z.strictObject({
  country: countryCode.nullable(),
  region: z
    .string()
    .trim()
    .toUpperCase()
    .regex(/^[A-Z0-9]{1,10}$/, 'a region code of the country')
    .nullable()
    .default(null),
});

const days = z.number().multipleOf(0.5, 'whole or half days');
export const allocationQuery = z.object({ year: yearInQuery.optional(), leaveTypeCode: leaveTypeCode.optional() });
export const bulkAllocationSchema = z.strictObject({
  leaveTypeCode,
  year: yearNumber,
  days: days.positive('more than 0 days').max(maxSpanCalendarDays),
});
export const allocationAdjustmentSchema = z.strictObject({
  // An idempotency key, as a leave request's `requestId`: a repeated post records one correction.
  adjustmentId: z.uuid().optional(),
  employeeId: z.uuid('must be a user id'),
  leaveTypeCode,
  year: yearNumber,
  days: days
    .min(-maxSpanCalendarDays)
    .max(maxSpanCalendarDays)
    .refine((value) => value !== 0, 'a correction of 0 days changes nothing'),
  reason: z.string().trim().min(1, 'give a reason').max(500, 'at most 500 characters'),
});
