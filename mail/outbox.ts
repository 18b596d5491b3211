import type { DbOrTx } from '../db/client.ts';
import { notify } from '../db/notify.ts';
import { outboundEmails, type EmailAttachment } from '../db/schema/index.ts';

/** PostgreSQL channel that wakes the mail dispatcher when a message is queued. */
export const outboundEmailChannel = 'outbound_email';

export interface Email {
  /** What the message is about, e.g. `leave-<id>:decided`: the same key is never queued twice. */
  key: string;
  orgId: string;
  to: string;
  subject: string;
  text: string;
  /** Files sent with it; kept in the row, so whatever retries sends the same bytes. */
  attachments?: EmailAttachment[];
  /**
   * When the row counts as queued; now when absent. A digest gives the end of what it covers, so
   * that the next one starts exactly there.
   */
  queuedAt?: Date;
}

/**
 * Queues an e-mail in the caller's transaction: it goes out once that commits, and never if it
 * rolls back. A second call with the same key (a retried activity) changes nothing.
 */
export async function queueEmail(tx: DbOrTx, email: Email): Promise<void> {
  await queueEmails(tx, [email]);
}

/** Queues several e-mails as `queueEmail` does, in one insert; answers how many were new. */
export async function queueEmails(tx: DbOrTx, emails: Email[]): Promise<number> {
  if (emails.length === 0) return 0;
  // The wake-up beside the insert, not after it: it is heard only at the commit either way.
  const [queued] = await Promise.all([
    tx
      .insert(outboundEmails)
      .values(
        emails.map((email) => ({
          key: email.key,
          orgId: email.orgId,
          recipient: email.to,
          subject: email.subject,
          body: email.text,
          attachments: email.attachments ?? [],
          createdAt: email.queuedAt,
        })),
      )
      .onConflictDoNothing()
      .returning({ key: outboundEmails.key }),
    wakeDispatcher(tx),
  ]);
  return queued.length;
}

/** Tells the dispatchers that a message is queued; they hear it once the transaction commits. */
export function wakeDispatcher(tx: DbOrTx): Promise<void> {
  return notify(tx, outboundEmailChannel, '');
}
