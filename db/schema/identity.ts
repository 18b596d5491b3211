import { bigserial, index, integer, jsonb, pgTable, text, unique, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import type { Grant } from '../../domain/access/permissions.ts';
import { createdAt, id, instant } from './columns.ts';
import { departments, orgId, organizations } from './organizations.ts';
import { users } from './users.ts';

// Roles beyond the built-in ones (domain/access/roles.ts), made by an organisation's administrators.
export const customRoles = pgTable(
  'custom_roles',
  {
    id: id(),
    orgId: orgId(),
    key: text('key').notNull(),
    name: text('name').notNull(),
    inherits: text('inherits'),
    grants: jsonb('grants').$type<Grant[]>().notNull(),
    createdAt: createdAt(),
  },
  (t) => [unique('custom_roles_org_key').on(t.orgId, t.key)],
);

export const invitations = pgTable(
  'invitations',
  {
    id: id(),
    orgId: orgId(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    roles: text('roles').array().notNull(),
    departmentId: uuid('department_id').references(() => departments.id),
    designation: text('designation'),
    managerId: uuid('manager_id').references(() => users.id),
    // Only the SHA-256 of the e-mailed token is kept, like session tokens.
    tokenHash: text('token_hash').notNull().unique(),
    expiresAt: instant('expires_at').notNull(),
    acceptedAt: instant('accepted_at'),
    invitedBy: uuid('invited_by').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('invitations_org').on(t.orgId)],
);

export const passwordResets = pgTable('password_resets', {
  tokenHash: text('token_hash').primaryKey(),
  orgId: orgId(),
  userId: uuid('user_id')
    .notNull()
    .references(() => users.id),
  expiresAt: instant('expires_at').notNull(),
  usedAt: instant('used_at'),
  createdAt: createdAt(),
});

// Failed sign-ins per e-mail address, whether or not an account has it: the lock must not tell.
// Not tenant data (the address may belong to nobody), so it has no org_id.
export const signInThrottle = pgTable('sign_in_throttle', {
  email: text('email').primaryKey(),
  failures: integer('failures').notNull().default(0),
  windowStartedAt: instant('window_started_at').notNull(),
  lockedUntil: instant('locked_until'),
});

// Append-only: a trigger refuses UPDATE, DELETE and TRUNCATE (migration `audit_log_append_only`).
export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    // Null only for a failed sign-in with an e-mail no organisation knows.
    orgId: uuid('org_id').references(() => organizations.id),
    at: instant('at').notNull().defaultNow(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    actorEmail: text('actor_email'),
    ipAddress: text('ip_address'),
    targetType: text('target_type'),
    targetId: text('target_id'),
    detail: jsonb('detail').$type<Record<string, unknown>>(),
    /** Set when a retried writer (a workflow's activity) records the entry: it is written once. */
    eventKey: text('event_key'),
  },
  (t) => [
    uniqueIndex('audit_log_event_key').on(t.eventKey),
    index('audit_log_org_at').on(t.orgId, t.at),
    index('audit_log_org_actor').on(t.orgId, t.actorId),
    index('audit_log_org_kind').on(t.orgId, t.kind),
  ],
);

export type CustomRole = typeof customRoles.$inferSelect;
export type Invitation = typeof invitations.$inferSelect;
export type AuditEntry = typeof auditLog.$inferSelect;
