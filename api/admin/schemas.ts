import { z } from 'zod';
import { permissions, scopes } from '../../domain/access/permissions.ts';
import { isCalendarDate } from '../../domain/calendar.ts';

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
