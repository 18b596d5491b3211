import { randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { createServer, type Server as HttpServer, type ServerResponse } from 'node:http';
import type { Server as NetServer } from 'node:net';
import { dirname } from 'node:path';
import { simpleParser } from 'mailparser';
import { SMTPServer, type SMTPServerDataStream, type SMTPServerSession } from 'smtp-server';

export interface ReceivedMail {
  id: string;
  messageId: string | null;
  /** The From header as written (`"Name" <address>`), else the envelope sender. */
  from: string;
  /** The envelope recipients, so Bcc recipients are listed too. */
  to: string[];
  subject: string;
  text: string;
  html: string | null;
  /** Files sent with it, base64 (absent from a store written before attachments were kept). */
  attachments?: { filename: string | null; contentType: string; contentBase64: string }[];
  receivedAt: string;
}

export interface MailSink {
  /** `smtp://127.0.0.1:<port>` */
  smtpUrl: string;
  /** The read-only web viewer, or null when no `httpPort` was given. */
  viewerUrl: string | null;
  /** Oldest first. */
  messages(): ReceivedMail[];
  /** The first message (already received or still to come) that matches. */
  waitFor(predicate: (mail: ReceivedMail) => boolean, timeoutMs?: number): Promise<ReceivedMail>;
  clear(): void;
  stop(): Promise<void>;
}

export interface MailSinkOptions {
  smtpPort: number;
  httpPort?: number;
  /** JSON file that keeps the messages across restarts. */
  storeFile?: string;
  /** Called with every message as it arrives, beyond the last `maxMessages` that `messages()` keeps. */
  onReceive?: (mail: ReceivedMail) => void;
}

// Enough history for development; older messages are dropped so the store stays small.
const maxMessages = 500;

/** An SMTP server on 127.0.0.1 that accepts every message and keeps it for tests and people to look at. */
export async function startMailSink(opts: MailSinkOptions): Promise<MailSink> {
  let messages: ReceivedMail[] = opts.storeFile ? await loadStore(opts.storeFile) : [];
  let waiters: {
    predicate: (mail: ReceivedMail) => boolean;
    resolve: (mail: ReceivedMail) => void;
  }[] = [];
  let saving = Promise.resolve();

  function persist(): void {
    const file = opts.storeFile;
    if (!file) return;
    const snapshot = JSON.stringify(messages, null, 2);
    saving = saving.then(() => saveStore(file, snapshot)).catch((err: unknown) => console.error(`Mail sink: could not save ${file}:`, err));
  }

  function accept(mail: ReceivedMail): void {
    opts.onReceive?.(mail);
    messages = [...messages, mail].slice(-maxMessages);
    persist();
    const matched = waiters.filter((waiter) => waiter.predicate(mail));
    waiters = waiters.filter((waiter) => !matched.includes(waiter));
    for (const waiter of matched) waiter.resolve(mail);
  }

  const smtp = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    // Stopping should not wait long for a client that keeps its connection open.
    closeTimeout: 2_000,
    onData(stream, session, callback) {
      receive(stream, session).then(
        (mail) => {
          accept(mail);
          callback();
        },
        (err: Error) => callback(err),
      );
    },
  });
  // Without a listener, one client's broken connection would crash the process.
  smtp.on('error', (err) => console.error(`Mail sink: ${err.message}`));
  await listen(smtp.server, opts.smtpPort);

  let viewer: HttpServer | null = null;
  if (opts.httpPort !== undefined) {
    viewer = createServer((req, res) => serveViewer(req.method ?? 'GET', req.url ?? '/', () => messages, res));
    await listen(viewer, opts.httpPort).catch(async (err: unknown) => {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      throw err;
    });
  }

  return {
    smtpUrl: `smtp://127.0.0.1:${opts.smtpPort}`,
    viewerUrl: viewer ? `http://127.0.0.1:${opts.httpPort}` : null,
    messages: () => [...messages],
    waitFor(predicate, timeoutMs = 10_000) {
      const already = messages.find(predicate);
      if (already) return Promise.resolve(already);
      return new Promise((resolve, reject) => {
        const waiter = {
          predicate,
          resolve: (mail: ReceivedMail) => {
            clearTimeout(timer);
            resolve(mail);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((other) => other !== waiter);
          const subjects = messages.map((mail) => JSON.stringify(mail.subject)).join(', ') || 'none';
          reject(new Error(`No matching mail within ${timeoutMs} ms (received: ${subjects}).`));
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear() {
      messages = [];
      persist();
    },
    async stop() {
      await Promise.all([new Promise<void>((resolve) => smtp.close(() => resolve())), viewer && closeHttp(viewer)]);
      await saving;
    },
  };
}

async function receive(stream: SMTPServerDataStream, session: SMTPServerSession): Promise<ReceivedMail> {
  const parsed = await simpleParser(stream);
  const envelopeFrom = session.envelope.mailFrom ? session.envelope.mailFrom.address : '';
  return {
    id: randomUUID(),
    messageId: parsed.messageId ?? null,
    from: parsed.from?.text || envelopeFrom,
    to: session.envelope.rcptTo.map((recipient) => recipient.address),
    subject: parsed.subject ?? '',
    text: parsed.text ?? '',
    html: parsed.html || null,
    attachments: parsed.attachments.map((a) => ({
      filename: a.filename ?? null,
      contentType: a.contentType,
      contentBase64: a.content.toString('base64'),
    })),
    receivedAt: new Date().toISOString(),
  };
}

async function loadStore(file: string): Promise<ReceivedMail[]> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as ReceivedMail[];
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw new Error(`Mail sink: cannot read its store ${file}.`, { cause: err });
  }
}

async function saveStore(file: string, json: string): Promise<void> {
  // Write then rename, so a crash never leaves half a file behind.
  await mkdir(dirname(file), { recursive: true });
  await writeFile(`${file}.tmp`, json);
  await rename(`${file}.tmp`, file);
}

function listen(server: NetServer, port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      server.off('error', reject);
      resolve();
    });
  });
}

function closeHttp(server: HttpServer): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

function serveViewer(method: string, url: string, messages: () => ReceivedMail[], res: ServerResponse): void {
  if (method !== 'GET' && method !== 'HEAD') return send(res, 405, 'text/plain', 'Read-only.');
  const path = new URL(url, 'http://viewer').pathname;
  const newestFirst = [...messages()].reverse();

  if (path === '/messages.json') return send(res, 200, 'application/json', JSON.stringify(newestFirst, null, 2));
  if (path === '/') return send(res, 200, 'text/html', listPage(newestFirst));
  const id = /^\/messages\/([\w-]+)$/.exec(path)?.[1];
  const mail = id ? newestFirst.find((candidate) => candidate.id === id) : undefined;
  if (mail) return send(res, 200, 'text/html', messagePage(mail));
  return send(res, 404, 'text/html', page('Not found', '<p>No such message. <a href="/">All messages</a></p>'));
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, {
    'content-type': `${type}; charset=utf-8`,
    // Mail content is untrusted: no scripts, no remote loads, even if escaping were ever missed.
    'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'",
    'x-content-type-options': 'nosniff',
  });
  res.end(body);
}

function listPage(mails: ReceivedMail[]): string {
  const rows = mails.map(
    (mail) =>
      `<tr><td>${escapeHtml(mail.receivedAt)}</td><td>${escapeHtml(mail.to.join(', '))}</td>` +
      `<td><a href="/messages/${escapeHtml(mail.id)}">${escapeHtml(mail.subject || '(no subject)')}</a></td></tr>`,
  );
  const table = rows.length
    ? `<table><tr><th>Received</th><th>To</th><th>Subject</th></tr>${rows.join('')}</table>`
    : '<p>No mail yet.</p>';
  return page('Mail sink', `<p>${mails.length} message(s), newest first. <a href="/messages.json">JSON</a></p>${table}`);
}

function messagePage(mail: ReceivedMail): string {
  const headers: [string, string][] = [
    ['From', mail.from],
    ['To', mail.to.join(', ')],
    ['Subject', mail.subject],
    ['Received', mail.receivedAt],
    ['Message-ID', mail.messageId ?? ''],
  ];
  const list = headers.map(([name, value]) => `<dt>${name}</dt><dd>${escapeHtml(value)}</dd>`).join('');
  return page(mail.subject || '(no subject)', `<p><a href="/">All messages</a></p><dl>${list}</dl><pre>${escapeHtml(mail.text)}</pre>`);
}

function page(title: string, body: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>${escapeHtml(title)}</title>
<style>body{font-family:sans-serif;margin:2rem}td,th{padding:.2rem .8rem;text-align:left}dt{font-weight:bold}pre{white-space:pre-wrap;border-top:1px solid #ccc;padding-top:1rem}</style>
</head><body><h1>${escapeHtml(title)}</h1>${body}</body></html>`;
}

const htmlEntities: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (char) => htmlEntities[char] ?? char);
}
