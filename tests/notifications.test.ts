import { createHash, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordNotices } from '../activities/notifications.ts';
import { announce } from '../activities/platform-events.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, openEventStream, signIn, startPlatform, type ApiCall, type Platform, type SignedIn } from './harness.ts';

// The bell, comments with mentions, and files on a task, through the real API, worker, PostgreSQL,
// Temporal and SMTP sink.

const attachmentMaxBytes = 64 * 1024;
let platform: Platform;
// Eve asks for leave; Mona decides; Hana (HR) helps when Mona delegates; Quinn (QA) may see none of it.
let employee: SignedIn, manager: SignedIn, hr: SignedIn, qa: SignedIn;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows(), env: { ATTACHMENT_MAX_BYTES: String(attachmentMaxBytes) } });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
  hr = await signIn(platform, 'hr');
  qa = await signIn(platform, 'qa');
});
afterAll(() => platform?.stop());

let daysAhead = 10;
let lastDay = '';
/** A new one-day leave request by Eve, on a day of its own; its approval task, as the manager's inbox lists it. */
async function leaveTaskForManager(): Promise<{ id: string; title: string; caseId: string }> {
  let day = lastDay;
  while (day <= lastDay) day = platform.workingDayAhead(daysAhead++);
  lastDay = day;
  const submitted = await employee.post('/leave-requests', { leaveTypeCode: 'unpaid', startDate: day, endDate: day, reason: 'Errand' });
  expect(submitted.status).toBe(201);
  const caseId = submitted.body.leaveRequest.id;
  return eventually(async () => (await manager.get('/tasks')).body.tasks.find((t: { caseId: string }) => t.caseId === caseId));
}

const unread = async (who: SignedIn) => (await who.get('/notifications/count')).body.unread as number;
const noticesOfTask = (taskId: string) =>
  platform.database.sql<
    { user_id: string; kind: string }[]
  >`select user_id, kind from notifications where task_id = ${taskId} order by created_at`;

/** Sends a file's bytes as the UI server does: the body is the file, its name in X-File-Name. */
async function upload(who: SignedIn, taskId: string, fileName: string, content: Uint8Array): Promise<ApiCall> {
  const res = await platform.app.request(`/api/tasks/${taskId}/attachments`, {
    method: 'POST',
    headers: { cookie: who.cookie, 'content-type': 'application/octet-stream', 'x-file-name': encodeURIComponent(fileName) },
    body: content,
  });
  return { status: res.status, body: await res.json(), headers: res.headers };
}

const pdf = new TextEncoder().encode('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('the bell', () => {
  it('a new leave request gives the manager one assigned notice (unread count 1), and approving it adds none for anyone', async () => {
    await platform.withWorker(async () => {
      expect(await unread(manager)).toBe(0);
      const task = await leaveTaskForManager();
      await eventually(async () => (await unread(manager)) === 1);
      const { body } = await manager.get('/notifications');
      expect(body.notifications).toEqual([
        expect.objectContaining({ kind: 'assigned', title: task.title, taskId: task.id, actorName: null, readAt: null }),
      ]);
      expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
      // The decision is recorded before the update answers; give the closing write a moment anyway.
      await eventually(async () => (await employee.get(`/leave-requests/${task.caseId}`)).body.leaveRequest.status === 'approved');
      expect(await noticesOfTask(task.id)).toEqual([{ user_id: platform.org.people.manager.id, kind: 'assigned' }]);
      expect(await unread(manager)).toBe(1);
    });
  });

  it('marks one notice read, then all; the count follows, and marking again changes nothing', async () => {
    await platform.withWorker(async () => {
      await leaveTaskForManager();
      await leaveTaskForManager();
      await eventually(async () => (await unread(manager)) === 3);
      const [newest] = (await manager.get('/notifications')).body.notifications;
      expect(await manager.post(`/notifications/${newest.id}/read`)).toMatchObject({ status: 200, body: { unread: 2 } });
      expect(await manager.post(`/notifications/${newest.id}/read`)).toMatchObject({ status: 200, body: { unread: 2 } });
      const listed = (await manager.get('/notifications')).body.notifications;
      expect(listed.map((n: { readAt: string | null }) => n.readAt !== null)).toEqual([true, false, false]);
      expect(await manager.post('/notifications/read-all')).toMatchObject({ status: 200, body: { marked: 2, unread: 0 } });
      expect(await unread(manager)).toBe(0);
    });
  });

  it('another person cannot read or mark someone’s notice: 404 as for one that does not exist, and it stays unread', async () => {
    const [notice] = (await manager.get('/notifications')).body.notifications;
    await platform.database.sql`update notifications set read_at = null where id = ${notice.id}`;
    const marked = await employee.post(`/notifications/${notice.id}/read`);
    expect(marked).toMatchObject({ status: 404, body: { error: { code: 'not_found' } } });
    expect((await employee.post(`/notifications/${randomUUID()}/read`)).status).toBe(404);
    expect((await employee.get('/notifications')).body.notifications.map((n: { id: string }) => n.id)).not.toContain(notice.id);
    expect((await employee.post('/notifications/read-all')).body.marked).toBe(0);
    expect(await unread(manager)).toBe(1);
  });

  it('pages with a cursor, skipping and repeating nothing, even through notices written in one instant', async () => {
    const { people, orgId } = platform.org;
    const [anyTask] = await platform.database.sql<{ id: string }[]>`select id from tasks where org_id = ${orgId} limit 1`;
    // One transaction: every row has the same created_at, so only the id orders them.
    await platform.database.db.transaction((tx) =>
      recordNotices(
        tx,
        Array.from({ length: 5 }, (_, i) => ({
          orgId,
          userId: people.finance.id,
          kind: 'reminded' as const,
          taskId: anyTask!.id,
          title: `Reminder ${i}`,
          actorId: null,
          eventKey: `paging-test:${i}`,
        })),
      ),
    );
    const finance = await signIn(platform, 'finance');
    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: ApiCall = await finance.get(`/notifications?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      expect(page.body.notifications.length).toBeLessThanOrEqual(2);
      seen.push(...page.body.notifications.map((n: { title: string }) => n.title));
      cursor = page.body.nextCursor;
    } while (cursor);
    expect(seen.sort()).toEqual(['Reminder 0', 'Reminder 1', 'Reminder 2', 'Reminder 3', 'Reminder 4']);
    expect((await finance.get('/notifications?cursor=not-a-cursor')).status).toBe(400);
  });
});

describe('comments with mentions', () => {
  it('a mention notifies and e-mails the mentioned person once, even when the comment is posted twice with one id', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      // Delegated to HR, who may then see the task.
      expect((await manager.post(`/tasks/${task.id}/delegate`, { assigneeId: platform.org.people.hr.id })).status).toBe(200);
      const comment = { id: randomUUID(), body: `@[Hana Hr](${platform.org.people.hr.id}) can you check the dates?` };
      const first = await manager.post(`/tasks/${task.id}/comments`, comment);
      const again = await manager.post(`/tasks/${task.id}/comments`, comment);
      expect([first.status, again.status]).toEqual([201, 200]);
      expect(again.body.comments).toHaveLength(1);
      expect(again.body.comments[0]).toMatchObject({
        authorName: 'Mona Manager',
        body: comment.body,
        mentions: [{ id: platform.org.people.hr.id, name: 'Hana Hr' }],
      });
      expect((await hr.get(`/tasks/${task.id}/comments`)).body.comments).toHaveLength(1);
      await eventually(async () => (await noticesOfTask(task.id)).some((n) => n.kind === 'mentioned'));
      expect((await noticesOfTask(task.id)).filter((n) => n.user_id === platform.org.people.hr.id)).toEqual([
        { user_id: platform.org.people.hr.id, kind: 'delegated' },
        { user_id: platform.org.people.hr.id, kind: 'mentioned' },
      ]);
      const [mentionNotice] = (await hr.get('/notifications')).body.notifications;
      expect(mentionNotice).toMatchObject({ kind: 'mentioned', title: task.title, taskId: task.id, actorName: 'Mona Manager' });
      const mail = await platform.mail.waitFor((m) => m.subject === `Mona Manager mentioned you: ${task.title}`);
      expect(mail.to).toEqual([platform.org.people.hr.email]);
      expect(mail.text).toContain(`/inbox/${task.id}`);
      expect(mail.text).not.toContain('check the dates');
      await platform.mailDispatcher!.drain();
      expect(platform.mail.messages().filter((m) => m.subject === mail.subject)).toHaveLength(1);
    });
  });

  it('refuses with 422 naming them a mention of someone who cannot see the task, and saves nothing', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      const comment = { id: randomUUID(), body: `Hi @[Quinn](${platform.org.people.qa.id})` };
      const refused = await manager.post(`/tasks/${task.id}/comments`, comment);
      expect(refused.status).toBe(422);
      expect(refused.body.error).toMatchObject({ code: 'mention_cannot_see_task', message: expect.stringContaining('Quinn Qa') });
      expect((await manager.get(`/tasks/${task.id}/comments`)).body.comments).toEqual([]);
      expect(await noticesOfTask(task.id)).toEqual([{ user_id: platform.org.people.manager.id, kind: 'assigned' }]);
    });
  });

  it('answers the task’s 404 to someone who may not see it, for reading and for posting', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      expect((await qa.get(`/tasks/${task.id}/comments`)).status).toBe(404);
      expect((await qa.post(`/tasks/${task.id}/comments`, { id: randomUUID(), body: 'Hello' })).status).toBe(404);
      // Eve started the case: she may not see its approval task either.
      expect((await employee.get(`/tasks/${task.id}/comments`)).status).toBe(404);
      expect((await manager.post(`/tasks/${task.id}/comments`, { id: randomUUID(), body: '  ' })).status).toBe(400);
      const picker = (await manager.get(`/tasks/${task.id}/comments`)).body.mentionable;
      expect(picker).toEqual([{ id: platform.org.people.manager.id, name: 'Mona Manager' }]);
    });
  });
});

describe('live messages', () => {
  it('a new message is heard at once on the open streams of everyone who may see the task, the writer too, and by nobody else; a repeat sends none', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      expect((await manager.post(`/tasks/${task.id}/delegate`, { assigneeId: platform.org.people.hr.id })).status).toBe(200);
      const [holder, delegate, requester, outsider] = await Promise.all([
        openEventStream(platform, manager),
        openEventStream(platform, hr),
        openEventStream(platform, employee),
        openEventStream(platform, qa),
      ]);
      const streams = [holder, delegate, requester, outsider];
      for (const stream of streams) await stream.readUntil('event: ready');
      const heard = `event: comments\ndata: {"taskId":"${task.id}"}`;

      const comment = { id: randomUUID(), body: 'The dates look fine to me.' };
      const started = Date.now();
      expect((await hr.post(`/tasks/${task.id}/comments`, comment)).status).toBe(201);
      await Promise.all([holder.readUntil(heard), delegate.readUntil(heard)]);
      expect(Date.now() - started).toBeLessThan(1000);
      expect((await hr.post(`/tasks/${task.id}/comments`, comment)).status).toBe(200);

      // Told after the message, so each stream has heard whatever the message sent it by the time this arrives.
      const { people } = platform.org;
      const userIds = [people.manager.id, people.hr.id, people.employee.id, people.qa.id];
      await announce(platform.database.db, { orgId: platform.org.orgId, userIds, topic: 'notifications' });
      const [toHolder, , toRequester, toOutsider] = await Promise.all(streams.map((stream) => stream.readUntil('event: notifications')));
      expect(toHolder!.split('event: comments')).toHaveLength(2);
      expect(toRequester).not.toContain('event: comments');
      expect(toOutsider).not.toContain('event: comments');
      await Promise.all(streams.map((stream) => stream.close()));
    });
  });
});

describe('files on a task', () => {
  it('stores a PDF with its sha256, attaches it to a comment, and serves it as an attachment, typed by its content', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      const stored = await upload(manager, task.id, 'Dienstplan März.pdf', pdf);
      expect(stored.status).toBe(201);
      expect(stored.body.attachment).toMatchObject({
        contentType: 'application/pdf',
        sizeBytes: pdf.length,
        fileName: 'Dienstplan März.pdf',
      });
      expect(stored.body.attachment.sha256).toBe(createHash('sha256').update(pdf).digest('hex'));
      const posted = await manager.post(`/tasks/${task.id}/comments`, {
        id: randomUUID(),
        body: 'The rota',
        attachmentIds: [stored.body.attachment.id],
      });
      expect(posted.body.comments[0].attachments).toEqual([stored.body.attachment]);
      const res = await platform.app.request(`/api/tasks/${task.id}/attachments/${stored.body.attachment.id}`, {
        headers: { cookie: manager.cookie },
      });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('application/pdf');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="Dienstplan M_rz.pdf"; filename*=UTF-8''Dienstplan%20M%C3%A4rz.pdf`,
      );
      expect(res.headers.get('x-content-type-options')).toBe('nosniff');
      expect(new Uint8Array(await res.arrayBuffer())).toEqual(pdf);
      // A file goes on one comment only, and only its uploader may put it there.
      const reused = await manager.post(`/tasks/${task.id}/comments`, {
        id: randomUUID(),
        body: 'Again',
        attachmentIds: [stored.body.attachment.id],
      });
      expect(reused).toMatchObject({ status: 422, body: { error: { code: 'invalid_attachment' } } });
      expect((await manager.get(`/tasks/${task.id}/comments`)).body.comments).toHaveLength(1);
    });
  });

  it('refuses by its content an executable named .pdf (415 naming what it is), and a file over the limit (413)', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      const executable = new Uint8Array([0x4d, 0x5a, 0x90, 0x00, 0x03, 0x00, 0x00, 0x00, 0x04]);
      const lying = await upload(manager, task.id, 'invoice.pdf', executable);
      expect(lying.status).toBe(415);
      expect(lying.body.error).toMatchObject({ code: 'unsupported_file_type', message: expect.stringContaining('Windows executable') });
      const big = new Uint8Array(attachmentMaxBytes + 1).fill(0x41);
      const tooBig = await upload(manager, task.id, 'notes.txt', big);
      expect(tooBig).toMatchObject({ status: 413, body: { error: { code: 'payload_too_large' } } });
      // Just under the limit passes: the limit is the attachment's, not the API's JSON limit.
      expect((await upload(manager, task.id, 'notes.txt', big.subarray(1))).status).toBe(201);
      const noName = await platform.app.request(`/api/tasks/${task.id}/attachments`, {
        method: 'POST',
        headers: { cookie: manager.cookie, 'content-type': 'application/octet-stream' },
        body: pdf,
      });
      expect(noName.status).toBe(400);
      const rows = await platform.database.sql`select file_name from task_attachments where task_id = ${task.id}`;
      expect(rows).toEqual([{ file_name: 'notes.txt' }]);
    });
  });

  it('serves a file to nobody who may not see the task: 404, the same as for a file that does not exist', async () => {
    await platform.withWorker(async () => {
      const task = await leaveTaskForManager();
      const stored = await upload(manager, task.id, 'plan.png', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0]));
      expect(stored.body.attachment.contentType).toBe('image/png');
      const path = `/tasks/${task.id}/attachments/${stored.body.attachment.id}`;
      expect((await qa.get(path)).status).toBe(404);
      expect((await employee.get(path)).status).toBe(404);
      expect((await upload(qa, task.id, 'mine.pdf', pdf)).status).toBe(404);
      expect((await manager.get(`/tasks/${task.id}/attachments/${randomUUID()}`)).status).toBe(404);
      expect((await manager.get(path)).status).toBe(200);
    });
  });
});
