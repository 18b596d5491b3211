import { randomUUID } from 'node:crypto';
import type { ScheduleHandle } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureInboxDigestSchedule, ensureInboxDigestSchedules } from '../temporal/inbox-digest-schedules.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { inboxDigestId, type InboxDigestOutcome } from '../workflows/inbox-digest/messages.ts';
import { inboxDigestWorkflow } from '../workflows/inbox-digest/workflow.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// The daily task digest, on the real API, worker, PostgreSQL, Temporal (its schedule) and SMTP sink.
// Mona (manager) takes the digest; Dana (director) and Hana (HR) keep immediate e-mails.

let platform: Platform;
let employee: SignedIn, manager: SignedIn, director: SignedIn, hr: SignedIn;
let schedule: ScheduleHandle;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  [employee, manager, director, hr] = [
    await signIn(platform, 'employee'),
    await signIn(platform, 'manager'),
    await signIn(platform, 'director'),
    await signIn(platform, 'hr'),
  ];
  schedule = platform.temporal.schedule.getHandle(inboxDigestId(platform.org.orgId));
});
afterAll(async () => {
  await schedule?.delete().catch(() => {});
  await platform?.stop();
});

const digestSubject = /^Your daily task digest: /;
const digestsTo = (email: string) => platform.mail.messages().filter((m) => m.to.includes(email) && digestSubject.test(m.subject));
const mailTo = (email: string, subject: string) => platform.mail.messages().filter((m) => m.to.includes(email) && m.subject === subject);
const queuedFor = async (email: string) =>
  (await platform.database.sql<{ subject: string }[]>`select subject from outbound_emails where recipient = ${email}`).map(
    (r) => r.subject,
  );

let daysAhead = 10;
type Task = { id: string; title: string; caseId: string };
/** A one-day leave request by `who` on a day of its own; its approval task, once `approver`'s inbox lists it. */
async function leaveTask(who: SignedIn, approver: SignedIn): Promise<Task> {
  const day = platform.unusedWorkingDayAhead((daysAhead += 3));
  const submitted = await who.post('/leave-requests', { leaveTypeCode: 'unpaid', startDate: day, endDate: day, reason: 'Errand' });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
  const caseId = submitted.body.leaveRequest.id;
  return eventually(async () => (await approver.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: Task) => t.caseId === caseId));
}

/** The run the schedule started last, once it finished. */
async function lastScheduledRun(count: number): Promise<InboxDigestOutcome> {
  const actions = await eventually(async () => {
    const { recentActions } = (await schedule.describe()).info;
    return recentActions.length >= count && recentActions;
  });
  return platform.temporal.workflow.getHandle(actions.at(-1)!.action.workflow.workflowId).result();
}

describe('the e-mail preference', () => {
  it('is immediate until chosen, takes only immediate or digest, and each change is audited', async () => {
    const hana = platform.org.people.hr;
    expect(await hr.get('/account/preferences')).toMatchObject({ status: 200, body: { emailMode: 'immediate' } });
    const refused = await hr.put('/account/preferences', { emailMode: 'weekly' });
    expect(refused).toMatchObject({ status: 400, body: { error: { code: 'invalid_input', details: [{ path: 'emailMode' }] } } });
    expect((await hr.put('/account/preferences', { emailMode: 'digest', extra: 1 })).status).toBe(400);
    expect(await hr.put('/account/preferences', { emailMode: 'digest' })).toMatchObject({ status: 200, body: { emailMode: 'digest' } });
    expect((await hr.get('/account/preferences')).body.emailMode).toBe('digest');
    expect(await hr.put('/account/preferences', { emailMode: 'immediate' })).toMatchObject({
      status: 200,
      body: { emailMode: 'immediate' },
    });
    const audited = await platform.database.sql`
      select detail from audit_log where kind = 'preferences.email_mode_set' and actor_id = ${hana.id} order by id`;
    expect(audited.map((a) => a.detail)).toEqual([
      { before: 'immediate', after: 'digest' },
      { before: 'digest', after: 'immediate' },
    ]);
  });
});

describe('the schedule', () => {
  it('is created at 07:00 in the organisation’s zone, left alone when current, and updated when the zone changes', async () => {
    const { orgId } = platform.org;
    const { taskQueue } = platform.config.temporal;
    expect(await ensureInboxDigestSchedule(platform.temporal, { id: orgId, timeZone: 'Asia/Kolkata' }, taskQueue)).toBe('created');
    expect(await ensureInboxDigestSchedule(platform.temporal, { id: orgId, timeZone: 'Asia/Kolkata' }, taskQueue)).toBe('unchanged');
    // The organisation's own zone (Europe/Berlin) differs from the one above: the worker's pass updates it.
    expect(await ensureInboxDigestSchedules(platform.temporal, platform.database.db, taskQueue, [orgId])).toEqual({
      created: 0,
      updated: 1,
      unchanged: 0,
    });
    const held = await schedule.describe();
    expect(held.spec.timezone).toBe('Europe/Berlin');
    expect(held.spec.calendars).toEqual([
      expect.objectContaining({ hour: [{ start: 7, end: 7, step: 1 }], minute: [{ start: 0, end: 0, step: 1 }] }),
    ]);
    expect(held.action).toMatchObject({ workflowType: 'inboxDigestWorkflow', taskQueue, workflowId: inboxDigestId(orgId) });
    expect(held.info.nextActionTimes[0]!.toISOString()).toMatch(/T0[56]:00:00\.000Z$/); // 07:00 CET or CEST
  });
});

describe('the daily digest', () => {
  it('replaces the immediate e-mail for a person who chose it, and goes out once a day, listing the task with its link', async () => {
    await platform.withWorker(async () => {
      const { manager: mona, director: dana } = platform.org.people;
      expect((await manager.put('/account/preferences', { emailMode: 'digest' })).status).toBe(200);

      const task = await leaveTask(employee, manager);
      // The notice and the e-mail it would owe are written in one transaction: the notice is there, the e-mail is not.
      await eventually(async () => (await manager.get('/notifications/count')).body.unread >= 1);
      expect(await queuedFor(mona.email)).toEqual([]);
      // Dana keeps immediate e-mails: Mona's own request reaches her at once.
      const monasOwn = await leaveTask(manager, director);
      await platform.mail.waitFor((m) => m.to.includes(dana.email) && m.subject === `Assigned to you: ${monasOwn.title}`);

      await schedule.trigger();
      expect(await lastScheduledRun(1)).toEqual({ readers: 1, sent: 1 });
      const digest = await platform.mail.waitFor((m) => m.to.includes(mona.email) && digestSubject.test(m.subject));
      expect(digest.subject).toBe('Your daily task digest: 1 task with news');
      expect(digest.text).toContain(`- ${task.title}: assigned to you\n  http://localhost:3000/inbox/${task.id}\n`);
      expect(digest.text).toMatch(/You hold 1 open task\./);
      expect(digest.text).not.toContain(monasOwn.title);

      // Again the same day: the outbox key is taken, and nothing new happened since anyway.
      await schedule.trigger();
      expect(await lastScheduledRun(2)).toEqual({ readers: 1, sent: 0 });
      await platform.mailDispatcher!.drain();
      expect(digestsTo(mona.email)).toHaveLength(1);
      expect(digestsTo(dana.email)).toEqual([]);
      expect(mailTo(mona.email, `Assigned to you: ${task.title}`)).toEqual([]);
    });
  });

  it('the next day lists only what came since, leaves out a task reassigned away, includes a mention, and sends it once', async () => {
    await platform.withWorker(async () => {
      const { manager: mona, director: dana, hr: hana } = platform.org.people;
      const movedAway = await leaveTask(employee, manager);
      expect((await hr.post(`/tasks/${movedAway.id}/reassign`, { assigneeId: dana.id, reason: 'Mona is busy' })).status).toBe(200);
      const kept = await leaveTask(employee, manager);
      expect((await manager.post(`/tasks/${kept.id}/delegate`, { assigneeId: hana.id })).status).toBe(200);
      const comment = { id: randomUUID(), body: `@[Mona Manager](${mona.id}) the dates are fine.` };
      expect((await hr.post(`/tasks/${kept.id}/comments`, comment)).status).toBe(201);
      await eventually(
        async () =>
          (await platform.database.sql`select 1 from notifications where user_id = ${mona.id} and kind = 'mentioned'`).length === 1,
      );
      expect(await queuedFor(mona.email)).toEqual([expect.stringMatching(digestSubject)]);

      // A run as if on the next day (an injected instant, a day after now): the window starts where
      // yesterday's digest ended.
      const at = new Date(Date.now() + 86_400_000).toISOString();
      const run = () =>
        platform.temporal.workflow.execute(inboxDigestWorkflow, {
          workflowId: `${inboxDigestId(platform.org.orgId)}-${randomUUID()}`,
          taskQueue: platform.config.temporal.taskQueue,
          args: [{ orgId: platform.org.orgId, at }],
        });
      expect(await run()).toEqual({ readers: 1, sent: 1 });
      const digest = await eventually(async () => digestsTo(mona.email)[1]);
      expect(digest.subject).toBe('Your daily task digest: 1 task with news');
      expect(digest.text).toContain(`- ${kept.title}: assigned to you, you were mentioned\n  http://localhost:3000/inbox/${kept.id}\n`);
      expect(digest.text).not.toContain(movedAway.id);
      expect(digest.text).toContain('1 more update is about tasks no longer with you.');
      expect(digest.text).not.toContain('the dates are fine');
      expect(digest.text).toMatch(/You hold 2 open tasks\./);
      // A retried or repeated run of that day queues nothing.
      expect(await run()).toEqual({ readers: 1, sent: 0 });
      await platform.mailDispatcher!.drain();
      expect(digestsTo(mona.email)).toHaveLength(2);
      expect(mailTo(mona.email, `Hana Hr mentioned you: ${kept.title}`)).toEqual([]);
      // Immediate people got theirs at once, and no digest.
      expect(mailTo(dana.email, `Assigned to you: ${movedAway.title}`)).toHaveLength(1);
      expect(mailTo(hana.email, `Your help is asked: ${kept.title}`)).toHaveLength(1);
      expect([...digestsTo(dana.email), ...digestsTo(hana.email)]).toEqual([]);
    });
  });
});
