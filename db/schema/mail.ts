import { pgTable, text } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { orgId } from './organizations.ts';

// One row per e-mail the processes send, keyed by what it is about, so a retried activity
// or a restarted worker never sends the same message twice.
export const outboundEmails = pgTable('outbound_emails', {
  key: text('key').primaryKey(),
  orgId: orgId(),
  recipient: text('recipient').notNull(),
  subject: text('subject').notNull(),
  sentAt: instant('sent_at'),
  createdAt: createdAt(),
});
