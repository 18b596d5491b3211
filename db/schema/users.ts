import { bigint, boolean, index, pgTable, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns.ts';
import { departments, orgId } from './organizations.ts';

export const users = pgTable(
  'users',
  {
    id: id(),
    orgId: orgId(),
    email: text('email').notNull(),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    roles: text('roles').array().notNull().default([]),
    designation: text('designation'),
    departmentId: uuid('department_id').references(() => departments.id),
    // The reporting line the approval processes follow.
    managerId: uuid('manager_id').references((): AnyPgColumn => users.id),
    active: boolean('active').notNull().default(true),
    // TOTP secrets are encrypted at rest (AES-256-GCM, key from TOTP_ENCRYPTION_KEY).
    totpSecret: text('totp_secret'),
    totpPendingSecret: text('totp_pending_secret'),
    // The last 30-second step a code was accepted for: a code works once.
    totpLastStep: bigint('totp_last_step', { mode: 'number' }),
    recoveryCodeHashes: text('recovery_code_hashes').array().notNull().default([]),
    createdAt: createdAt(),
  },
  (t) => [unique('users_email').on(t.email), index('users_org_manager').on(t.orgId, t.managerId)],
);

// Lucia's design: the cookie holds a random token, the table only its SHA-256.
export const sessions = pgTable(
  'sessions',
  {
    id: text('id').primaryKey(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    orgId: orgId(),
    /** Sliding: last activity plus the idle timeout, never past `absoluteExpiresAt`. */
    expiresAt: instant('expires_at').notNull(),
    absoluteExpiresAt: instant('absolute_expires_at').notNull(),
    lastSeenAt: instant('last_seen_at').notNull().defaultNow(),
    twoFactorVerified: boolean('two_factor_verified').notNull().default(false),
    ipAddress: text('ip_address'),
    userAgent: text('user_agent'),
    createdAt: createdAt(),
  },
  (t) => [index('sessions_user').on(t.userId)],
);

export type User = typeof users.$inferSelect;
export type Session = typeof sessions.$inferSelect;
