import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { startMailSink, type MailSink } from './sink.ts';

let sink: MailSink;

beforeAll(async () => {
  sink = await startMailSink({ smtpPort: await freePort(), httpPort: await freePort() });
});

afterAll(async () => {
  await sink?.stop();
});

test('a mail sent over SMTP can be awaited and read in the viewer, escaped', async () => {
  const stamp = Date.now();
  const subject = `Leave request <approved> & "filed" ${stamp}`;
  const escapedSubject = `Leave request &lt;approved&gt; &amp; &quot;filed&quot; ${stamp}`;
  const arrival = sink.waitFor((mail) => mail.subject === subject);

  await createTransport(sink.smtpUrl).sendMail({
    from: 'Platform <noreply@example.test>',
    to: 'ada@example.test',
    subject,
    text: 'Your leave from 3 to 7 March is approved.',
  });

  const mail = await arrival;
  expect(mail).toMatchObject({
    subject,
    to: ['ada@example.test'],
    from: '"Platform" <noreply@example.test>',
  });
  expect(mail.text.trim()).toBe('Your leave from 3 to 7 March is approved.');

  const listPage = await (await fetch(sink.viewerUrl!)).text();
  expect(listPage).toContain(escapedSubject);
  expect(listPage).not.toContain('<approved>');

  const messagePage = await (await fetch(`${sink.viewerUrl}/messages/${mail.id}`)).text();
  expect(messagePage).toContain(escapedSubject);
  expect(messagePage).toContain('Your leave from 3 to 7 March is approved.');

  const listed = (await (await fetch(`${sink.viewerUrl}/messages.json`)).json()) as {
    id: string;
    subject: string;
  }[];
  expect(listed).toContainEqual(expect.objectContaining({ id: mail.id, subject }));
});
