import { Client, Connection } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../api/app.ts';
import { freePort } from '../scripts/free-port.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, openEventStream, signIn, startPlatform, type Platform } from './harness.ts';

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;

const unpaidDay = (daysAhead: number) => ({
  leaveTypeCode: 'unpaid',
  startDate: platform.workingDayAhead(daysAhead),
  endDate: platform.workingDayAhead(daysAhead),
  reason: 'Appointment',
});

beforeAll(async () => {
  bundle = await bundleWorkflows();
  // Short enough to watch the reminder and the escalation happen in a test.
  platform = await startPlatform({ bundle, env: { LEAVE_REMIND_AFTER: '2s', LEAVE_ESCALATE_AFTER: '4s' } });
});
afterAll(() => platform?.stop());

describe('an undecided request', () => {
  it('reminds the manager, then escalates to their manager, and the inbox and timeline show it', async () => {
    const employee = await signIn(platform, 'employee');
    const manager = await signIn(platform, 'manager');
    const director = await signIn(platform, 'director');
    await platform.withWorker(async () => {
      const submitted = await employee.post('/leave-requests', unpaidDay(20));
      expect(submitted.status).toBe(201);
      const requestId = submitted.body.leaveRequest.id;

      const reminder = await platform.mail.waitFor(
        (m) => m.to.includes(`manager@${platform.slug}.test`) && m.subject.startsWith('Reminder'),
        10_000,
      );
      expect(reminder.text).toContain('is still waiting for your decision');
      expect(reminder.text).toMatch(/http:\/\/localhost:3000\/inbox\/[0-9a-f-]{36}/);

      const escalation = await platform.mail.waitFor(
        (m) => m.to.includes(`director@${platform.slug}.test`) && m.subject.startsWith('Escalated'),
        10_000,
      );
      expect(escalation.text).toContain('had no decision from Mona Manager');
      const escalatedTask = await eventually(async () =>
        (await director.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId),
      );
      expect(escalatedTask.escalated).toBe(true);
      expect(escalatedTask.assigneeName).toBe('Dana Director');

      // The first manager may still decide; whoever decides first wins.
      const stillHeld = (await manager.get('/tasks?sort=newest&limit=200')).body.tasks.find(
        (t: { caseId: string }) => t.caseId === requestId,
      );
      expect(stillHeld.id).toBe(escalatedTask.id);
      expect(
        (await director.post(`/tasks/${escalatedTask.id}/complete`, { values: { decision: 'reject', comment: 'Release week' } })).status,
      ).toBe(200);
      expect((await manager.post(`/tasks/${escalatedTask.id}/complete`, { values: { decision: 'approve' } })).status).toBe(409);

      const detail = await eventually(async () => {
        const { body } = await employee.get(`/leave-requests/${requestId}`);
        return body.leaveRequest.status === 'rejected' && body;
      });
      expect(detail.timeline.map((e: { kind: string }) => e.kind)).toEqual([
        'submitted',
        'opened',
        'reminded',
        'escalated',
        'completed',
        'rejected',
      ]);
      expect(detail.timeline[5]).toMatchObject({ actorName: 'Dana Director', note: 'Release week' });
      await platform.mail.waitFor((m) => m.to.includes(`employee@${platform.slug}.test`) && m.subject.includes('rejected'));
      const reminders = platform.mail.messages().filter((m) => m.subject.startsWith('Reminder') && m.text.includes(requestId.slice(0, 0)));
      expect(reminders.filter((m) => m.to.includes(`manager@${platform.slug}.test`))).toHaveLength(1);
    });
  });
});

describe('the top of the hierarchy', () => {
  it('sends an escalation with nobody up the line to the process owners, and the timeline says so', async () => {
    const director = await signIn(platform, 'director');
    const hr = await signIn(platform, 'hr');
    const admin = await signIn(platform, 'admin');
    await platform.withWorker(async () => {
      // Dana has no manager, so HR holds her request; HR's manager is Dana herself.
      const submitted = await director.post('/leave-requests', unpaidDay(45));
      expect(submitted.status).toBe(201);
      const requestId = submitted.body.leaveRequest.id;
      expect(submitted.body.leaveRequest.approverName).toBe('Hana Hr');
      const queued = await eventually(async () => {
        const task = (await admin.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId);
        return task?.queued && task;
      }, 15_000);
      expect(queued).toMatchObject({ queueLabel: 'Process owners', escalated: true, assigneeId: null });
      // HR keeps the right to decide; Dana never may.
      expect((await director.get(`/tasks/${queued.id}`)).status).toBe(404);
      expect((await hr.get(`/tasks/${queued.id}`)).status).toBe(200);
      expect((await admin.post(`/tasks/${queued.id}/claim`, {})).status).toBe(200);
      expect((await admin.post(`/tasks/${queued.id}/claim`, {})).status).toBe(409);
      expect((await admin.post(`/tasks/${queued.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
      const detail = await eventually(async () => {
        const { body } = await director.get(`/leave-requests/${requestId}`);
        return body.leaveRequest.status === 'approved' && body;
      });
      const escalated = detail.timeline.find((e: { kind: string }) => e.kind === 'escalated');
      expect(escalated.note).toMatch(/nobody else can take it; sent to Process owners/);
    });
  });
});

describe('faults', () => {
  it('carries out a decision sent while no worker runs once one is back: approved once, one e-mail, no reminder', async () => {
    const employee = await signIn(platform, 'lead');
    const manager = await signIn(platform, 'manager');
    const first = await platform.startWorker();
    const firstRun = first.run();
    const submitted = await employee.post('/leave-requests', unpaidDay(25));
    expect(submitted.status).toBe(201);
    const requestId = submitted.body.leaveRequest.id;
    const task = await eventually(async () =>
      (await manager.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId),
    );

    // Stop the worker (gracefully, while no activity runs) as the process waits for its decision; the
    // decision arrives while no worker runs. tests/worker-killed.test.ts kills one inside an activity.
    first.shutdown();
    await firstRun;
    const decision = manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } });
    await new Promise((r) => setTimeout(r, 500));

    const second = await platform.startWorker();
    await second.runUntil(async () => {
      expect((await decision).status).toBe(200);
      await platform.mail.waitFor((m) => m.to.includes(`lead@${platform.slug}.test`) && m.subject.includes('approved'));
      await new Promise((r) => setTimeout(r, 6000)); // past the reminder and escalation times
    });
    const toLead = platform.mail.messages().filter((m) => m.to.includes(`lead@${platform.slug}.test`));
    expect(toLead).toHaveLength(1);
    expect(platform.mail.messages().filter((m) => m.subject.includes('Theo Lead') && m.subject.startsWith('Reminder'))).toHaveLength(0);
    const [row] = await platform.database.sql`select status from leave_requests where id = ${requestId}`;
    expect(row!.status).toBe('approved');
    const events = await platform.database.sql`select kind from case_events where case_id = ${requestId} order by at`;
    expect(events.map((e) => e.kind)).toEqual(['submitted', 'opened', 'completed', 'approved']);
  });

  it('answers 503 and saves nothing when Temporal is unreachable', async () => {
    const deadAddress = `127.0.0.1:${await freePort()}`;
    const unreachable = new Client({ connection: Connection.lazy({ address: deadAddress }), namespace: 'default' });
    const events = { subscribe: () => () => {}, close: async () => {} };
    const app = createApp({
      db: platform.database.db,
      temporal: unreachable,
      config: platform.config,
      events,
      now: platform.now,
    });
    const employee = await signIn(platform, 'qa');
    const before = await platform.database.sql`select count(*)::int as n from leave_requests where org_id = ${platform.org.orgId}`;
    const response = await app.request('/api/leave-requests', {
      method: 'POST',
      headers: { cookie: employee.cookie, 'content-type': 'application/json' },
      body: JSON.stringify(unpaidDay(30)),
    });
    expect(response.status).toBe(503);
    const body = (await response.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('temporal_unavailable');
    expect(body.error.message).toMatch(/nothing was saved/);
    const after = await platform.database.sql`select count(*)::int as n from leave_requests where org_id = ${platform.org.orgId}`;
    expect(after[0]!.n).toBe(before[0]!.n);
  });

  it('pushes inbox changes to an open event stream at once', async () => {
    const employee = await signIn(platform, 'support-agent');
    const supportManager = await signIn(platform, 'support-manager');
    const stream = await openEventStream(platform, supportManager);
    await stream.readUntil('event: ready');
    await platform.withWorker(async () => {
      const started = Date.now();
      expect((await employee.post('/leave-requests', unpaidDay(35))).status).toBe(201);
      await stream.readUntil('event: tasks');
      expect(Date.now() - started).toBeLessThan(5000);
    });
    await stream.close();
  });
});
