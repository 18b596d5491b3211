import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp } from 'drizzle-orm/pg-core';
import { createdAt, instant } from './columns.ts';
import { orgId } from './organizations.ts';

export interface EmailAttachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

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
    /** Files sent with the message (a payslip's PDF), base64: written with the row, so a retry sends the same bytes. */
    attachments: jsonb('attachments').$type<EmailAttachment[]>().notNull().default([]),
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
