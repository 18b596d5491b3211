import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client.ts';
import { outboundEmails, userPreferences } from '../db/schema/index.ts';
import { wakeDispatcher, type Email } from '../mail/outbox.ts';

/**
 * Queues the e-mail a task change (or a mention on a task) owes one person, unless they chose the
 * daily digest, which lists it instead (their bell has it at once either way). The preference is
 * read inside the insert: on the hot path of every task change this costs no statement more than
 * `queueEmail`, and a person without a preferences row gets their e-mail.
 */
export async function queueTaskEmail(tx: DbOrTx, recipientId: string, email: Email): Promise<void> {
  // The wake-up beside the insert (see queueEmails).
  const insert = tx.execute(sql`
    insert into ${outboundEmails} (key, org_id, recipient, subject, body)
    select ${email.key}, ${email.orgId}::uuid, ${email.to}, ${email.subject}, ${email.text}
     where not exists (
       select 1 from ${userPreferences} p where p.user_id = ${recipientId}::uuid and p.email_mode = 'digest')
    on conflict (key) do nothing`);
  await Promise.all([insert, wakeDispatcher(tx)]);
}
