import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { orgId } from './organizations.ts';

// The outbox: one row per e-mail, keyed by what it is about and written in the same transaction as
// the change it tells of, so a retried activity or a restarted worker never queues a message twice
// and a rolled-back change sends nothing. The mail dispatcher (mail/dispatcher.ts) sends the rows.
export const outboundEmails = pgTable(
  'outbound_emails',
  {
    key: text('key').primaryKey(),
    orgId: orgId(),
    recipient: text('recipient').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull().default(''),
    sentAt: instant('sent_at'),
    attempts: integer('attempts').notNull().default(0),
    /** A failed send waits until then; a new row is due at once. */
    nextAttemptAt: timestamp('next_attempt_at', { withTimezone: true, mode: 'date' }).notNull().defaultNow(),
    /** A dispatcher that claimed the row sends it before then; after that another may take it over. */
    claimedUntil: instant('claimed_until'),
    lastError: text('last_error'),
    createdAt: createdAt(),
  },
  (t) => [
    index('outbound_emails_due_idx')
      .on(t.nextAttemptAt)
      .where(sql`${t.sentAt} is null`),
  ],
);
