import { createHash } from 'node:crypto';
import { eq, and, isNull } from 'drizzle-orm';
import nodemailer from 'nodemailer';
import type { Db } from '../db/client.ts';
import { outboundEmails } from '../db/schema/index.ts';

export interface Email {
  /** What the message is about, e.g. `leave-<id>:decided`: the same key is never sent twice. */
  key: string;
  orgId: string;
  to: string;
  subject: string;
  text: string;
}

export interface Mailer {
  send(email: Email): Promise<'sent' | 'already-sent'>;
  close(): void;
}

export function createMailer(options: { db: Db; smtpUrl: string; from: string }): Mailer {
  const transport = nodemailer.createTransport(options.smtpUrl);
  const { db } = options;
  return {
    async send(email) {
      await db
        .insert(outboundEmails)
        .values({ key: email.key, orgId: email.orgId, recipient: email.to, subject: email.subject })
        .onConflictDoNothing();
      const [row] = await db.select().from(outboundEmails).where(eq(outboundEmails.key, email.key));
      if (row?.sentAt) return 'already-sent';
      // A stable Message-ID lets a mail system drop the copy in the one window we cannot close:
      // a crash after the SMTP server accepted the message but before `sent_at` was written.
      const messageId = `<${createHash('sha256').update(email.key).digest('hex').slice(0, 32)}@staged-processes>`;
      await transport.sendMail({ from: options.from, to: email.to, subject: email.subject, text: email.text, messageId });
      await db
        .update(outboundEmails)
        .set({ sentAt: new Date() })
        .where(and(eq(outboundEmails.key, email.key), isNull(outboundEmails.sentAt)));
      return 'sent';
    },
    close: () => transport.close(),
  };
}
