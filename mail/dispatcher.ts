import { createHash } from 'node:crypto';
import nodemailer from 'nodemailer';
import type postgres from 'postgres';
import type { EmailAttachment } from '../db/schema/index.ts';
import { outboundEmailChannel } from './outbox.ts';

/**
 * Sends what the outbox holds (mail/outbox.ts). Every worker runs one: a queued message wakes it
 * through NOTIFY, a timer picks up retries and messages whose sender died. A row is claimed for a
 * while before it is sent (`for update skip locked`), so two dispatchers never send the same row.
 */
export interface MailDispatcher {
  /** Sends everything due now; resolves with how many went out. */
  drain(): Promise<number>;
  stop(): Promise<void>;
}

export interface MailDispatcherOptions {
  sql: postgres.Sql;
  smtpUrl: string;
  from: string;
  log?: (message: string) => void;
  /** How long one message may take to send; a claim lasts twice that, then another dispatcher may send it. */
  sendTimeoutMs?: number;
  /** Only these organisations' mail (a tenant with its own relay; a test file with its own sink); all when absent. */
  onlyOrgIds?: string[];
  /** How often to look for retries and abandoned claims. */
  pollMs?: number;
  batchSize?: number;
}
const maxBackoffMs = 3_600_000;

interface Claimed {
  key: string;
  recipient: string;
  subject: string;
  body: string;
  attachments: EmailAttachment[];
  attempts: number;
}

export async function startMailDispatcher(options: MailDispatcherOptions): Promise<MailDispatcher> {
  const { sql } = options;
  const log = options.log ?? ((message: string) => console.warn(message));
  const batchSize = options.batchSize ?? 20;
  const sendTimeoutMs = options.sendTimeoutMs ?? 60_000;
  const claimSeconds = (2 * sendTimeoutMs) / 1000;
  const orgFilter = options.onlyOrgIds ? sql`and org_id = any(${options.onlyOrgIds}::uuid[])` : sql``;
  // Pooled: one SMTP session carries many messages, instead of a handshake per message.
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: 2,
    connectionTimeout: Math.min(10_000, sendTimeoutMs),
    greetingTimeout: Math.min(10_000, sendTimeoutMs),
    socketTimeout: sendTimeoutMs,
  });

  const claim = () => sql<Claimed[]>`
    update outbound_emails
       set claimed_until = now() + make_interval(secs => ${claimSeconds}), attempts = attempts + 1
     where key in (
       select key from outbound_emails
        where sent_at is null and next_attempt_at <= now() and (claimed_until is null or claimed_until < now()) ${orgFilter}
        order by next_attempt_at
        limit ${batchSize}
          for update skip locked)
    returning key, recipient, subject, body, attachments, attempts`;

  async function sendOne(email: Claimed): Promise<boolean> {
    try {
      await transport.sendMail({
        from: options.from,
        to: email.recipient,
        subject: email.subject,
        text: email.body,
        attachments: email.attachments.map((a) => ({
          filename: a.filename,
          contentType: a.contentType,
          content: a.contentBase64,
          encoding: 'base64',
        })),
        // A stable Message-ID lets a mail system drop the copy in the one window no outbox closes:
        // a crash after the relay accepted the message but before `sent_at` was written.
        messageId: `<${createHash('sha256').update(email.key).digest('hex').slice(0, 32)}@staged-processes>`,
      });
    } catch (err) {
      const { message, permanent } = describeFailure(err);
      const retryInMs = Math.min(maxBackoffMs, 5_000 * 2 ** (email.attempts - 1));
      await sql`
        update outbound_emails
           set claimed_until = null, last_error = ${message},
               next_attempt_at = ${permanent ? sql`'infinity'` : sql`now() + make_interval(secs => ${retryInMs / 1000})`}
         where key = ${email.key}`;
      log(
        `mail: sending ${email.key} failed (attempt ${email.attempts}): ${message}; ` +
          (permanent ? 'the relay refused it for good, not retrying' : `retrying in ${retryInMs / 1000} s`),
      );
      return false;
    }
    await recordSent(email.key);
    return true;
  }

  /**
   * The relay has the message: keep trying to write so while the claim lasts, so a database that is
   * away for a moment (a restart, a fail-over) does not let another dispatcher send it again.
   */
  async function recordSent(key: string): Promise<void> {
    const until = Date.now() + claimSeconds * 1000 - sendTimeoutMs;
    for (let attempt = 1; ; attempt++) {
      try {
        await sql`update outbound_emails set sent_at = now(), claimed_until = null, last_error = null where key = ${key}`;
        return;
      } catch (err) {
        if (Date.now() > until) throw err;
        if (attempt === 1) log(`mail: ${key} was sent but cannot be recorded yet (${(err as Error).message}); retrying`);
        await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
    }
  }

  let draining: Promise<number> | null = null;
  let again = false;
  let stopped = false;

  async function drainOnce(): Promise<number> {
    let sent = 0;
    for (;;) {
      const batch = await claim();
      if (batch.length === 0) return sent;
      const outcomes = await Promise.all(batch.map(sendOne));
      sent += outcomes.filter(Boolean).length;
      // A short batch took all that was due; what is queued since has woken another drain.
      if (batch.length < batchSize) return sent;
    }
  }

  /** One drain at a time; a wake-up during a drain runs one more after it. */
  function drain(): Promise<number> {
    if (draining) {
      again = true;
      return draining;
    }
    draining = (async () => {
      let sent = 0;
      do {
        again = false;
        sent += await drainOnce();
      } while (again && !stopped);
      return sent;
    })().finally(() => (draining = null));
    return draining;
  }

  const wake = () => {
    if (!stopped) drain().catch((err: unknown) => log(`mail: the outbox could not be read: ${(err as Error).message}`));
  };
  const { unlisten } = await sql.listen(outboundEmailChannel, wake);
  const timer = setInterval(wake, options.pollMs ?? 5_000);
  wake();

  return {
    drain,
    async stop() {
      stopped = true;
      clearInterval(timer);
      await unlisten();
      await draining?.catch(() => 0);
      transport.close();
    },
  };
}

/** What is kept of a failure: the relay's answer (never the connection URL), and whether it is final. */
function describeFailure(err: unknown): { message: string; permanent: boolean } {
  const failure = err as { message?: string; responseCode?: number; code?: string };
  const permanent = typeof failure.responseCode === 'number' && failure.responseCode >= 500;
  return { message: String(failure.message ?? failure.code ?? err).slice(0, 500), permanent };
}
