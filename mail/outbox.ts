import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { outboundEmails } from '../db/schema/index.ts';

/** PostgreSQL channel that wakes the mail dispatcher when a message is queued. */
export const outboundEmailChannel = 'outbound_email';

export interface Email {
  /** What the message is about, e.g. `leave-<id>:decided`: the same key is never queued twice. */
  key: string;
  orgId: string;
  to: string;
  subject: string;
  text: string;
}

/**
 * Queues an e-mail in the caller's transaction: it goes out once that commits, and never if it
 * rolls back. A second call with the same key (a retried activity) changes nothing.
 */
export async function queueEmail(tx: DbOrTx, email: Email): Promise<void> {
  await tx
    .insert(outboundEmails)
    .values({ key: email.key, orgId: email.orgId, recipient: email.to, subject: email.subject, body: email.text })
    .onConflictDoNothing();
  await tx.execute(sql`select pg_notify(${outboundEmailChannel}, '')`);
}
