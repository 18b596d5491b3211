import { randomUUID } from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb } from '../db/client.ts';
import { seedOrganisation, type SeededOrganisation } from '../db/seed.ts';
import { freePort } from '../scripts/free-port.ts';
import { startMailDispatcher } from './dispatcher.ts';
import { queueEmail, type Email } from './outbox.ts';
import { startMailSink, type MailSink } from './sink.ts';

// The outbox on the real PostgreSQL with real SMTP servers: what is queued in a transaction that
// rolls back never goes out, two dispatchers never send one row twice, and a relay that fails
// leaves the row for a later attempt (or parks it, when the relay refuses it for good).

let database: ReturnType<typeof createDb>;
let sink: MailSink;
let org: SeededOrganisation;
const from = 'Staged Processes <no-reply@localhost>';

const email = (over: Partial<Email> = {}): Email => ({
  key: `test-${randomUUID()}`,
  orgId: org.orgId,
  to: `someone-${randomUUID().slice(0, 8)}@example.test`,
  subject: 'Hello',
  text: 'Once.\n',
  ...over,
});
const dispatcher = (smtpUrl = sink.smtpUrl) =>
  startMailDispatcher({ sql: database.sql, smtpUrl, from, onlyOrgIds: [org.orgId], pollMs: 60_000, log: () => {} });
const row = async (key: string) =>
  (await database.sql`select sent_at, attempts, next_attempt_at > now() as waits, last_error from outbound_emails where key = ${key}`)[0]!;

/** An SMTP server that refuses every recipient with the given reply code. */
async function refusingSmtp(code: number) {
  const port = await freePort();
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      callback(Object.assign(new Error(code >= 500 ? 'No such mailbox' : 'Try again later'), { responseCode: code }));
    },
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  database = createDb(inject('databaseUrl'));
  sink = await startMailSink({ smtpPort: await freePort() });
  const slug = `m${randomUUID().slice(0, 8)}`;
  const year = new Date().getUTCFullYear();
  org = await seedOrganisation(database.db, { slug, name: `Org ${slug}`, password: 'unused-password-1', years: [year] });
});
afterAll(async () => {
  await sink?.stop();
  await database?.close();
});

describe('the mail outbox', () => {
  it('sends a message queued in a committed transaction as soon as it commits, and nothing from one that rolled back', async () => {
    const mail = await dispatcher();
    try {
      const kept = email({ subject: 'Kept' });
      const dropped = email({ subject: 'Dropped' });
      await database.db.transaction(async (tx) => queueEmail(tx, kept));
      await database.db
        .transaction(async (tx) => {
          await queueEmail(tx, dropped);
          throw new Error('the change fails after its e-mail was queued');
        })
        .catch(() => {});
      // Woken by the NOTIFY of the commit, not by the (minute-long) poll.
      await sink.waitFor((m) => m.subject === 'Kept', 5_000);
      expect(await database.sql`select key from outbound_emails where key = ${dropped.key}`).toEqual([]);
      expect(sink.messages().filter((m) => m.subject === 'Dropped')).toEqual([]);
    } finally {
      await mail.stop();
    }
  });

  it('sends each message once when two dispatchers drain the same outbox at the same time', async () => {
    const [first, second] = await Promise.all([dispatcher(), dispatcher()]);
    try {
      const subject = `Race ${randomUUID()}`;
      const emails = Array.from({ length: 30 }, () => email({ subject }));
      await database.db.transaction(async (tx) => {
        for (const e of emails) await queueEmail(tx, e);
      });
      await Promise.all([first.drain(), second.drain(), first.drain(), second.drain()]);
      const received = sink.messages().filter((m) => m.subject === subject);
      expect(received).toHaveLength(30);
      expect(new Set(received.map((m) => m.to.join())).size).toBe(30);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });

  it('keeps a message the relay turned away for now, with the reason, and sends it on a later attempt', async () => {
    const busy = await refusingSmtp(451);
    const failing = await dispatcher(busy.url);
    const message = email({ subject: 'Later' });
    try {
      await queueEmail(database.db, message);
      expect(await failing.drain()).toBe(0);
    } finally {
      await failing.stop();
      await busy.stop();
    }
    const waiting = await row(message.key);
    expect(waiting).toMatchObject({ sent_at: null, attempts: 1 });
    expect(waiting.last_error).toMatch(/Try again later/);
    expect(waiting.waits).toBe(true);

    const working = await dispatcher();
    try {
      expect(await working.drain()).toBe(0); // not before its time
      await database.sql`update outbound_emails set next_attempt_at = now() where key = ${message.key}`;
      expect(await working.drain()).toBe(1);
    } finally {
      await working.stop();
    }
    expect(await row(message.key)).toMatchObject({ attempts: 2, last_error: null });
    expect(sink.messages().filter((m) => m.subject === 'Later')).toHaveLength(1);
  });

  it('parks a message the relay refuses for good, rather than retrying it forever', async () => {
    const refusing = await refusingSmtp(550);
    const mail = await dispatcher(refusing.url);
    const message = email({ subject: 'Never' });
    try {
      await queueEmail(database.db, message);
      expect(await mail.drain()).toBe(0);
    } finally {
      await mail.stop();
      await refusing.stop();
    }
    const [parked] =
      await database.sql`select next_attempt_at = 'infinity' as parked, last_error from outbound_emails where key = ${message.key}`;
    expect(parked!.parked).toBe(true);
    expect(parked!.last_error).toMatch(/No such mailbox/);
  });
});
