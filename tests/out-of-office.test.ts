import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Out of office: while a person is away (approved leave, or an absence they set), tasks offered to
// them go to a stand-in, and come back when they return.
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;
let director: SignedIn;
let hr: SignedIn;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
  director = await signIn(platform, 'director');
  hr = await signIn(platform, 'hr');
});
afterAll(() => platform?.stop());

type Task = { id: string; caseId: string; assigneeId: string | null; standingInForName: string | null };
const taskOf = (who: SignedIn, caseId: string) =>
  eventually(
    async () => (await who.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: Task) => t.caseId === caseId) as Task | undefined,
  );

async function submitLeave(daysAhead: number): Promise<string> {
  const day = platform.workingDayAhead(daysAhead);
  const answer = await employee.post('/leave-requests', { leaveTypeCode: 'unpaid', startDate: day, endDate: day, reason: 'Appointment' });
  expect(answer.status).toBe(201);
  return answer.body.leaveRequest.id;
}

async function endAllAbsences(who: SignedIn) {
  for (const absence of (await who.get('/account/away')).body.absences) {
    await who.post(`/account/away/absences/${absence.id}/end`, {});
  }
}

describe('out of office', () => {
  it('gives a task offered to someone on approved leave to the next up their line, and says so', async () => {
    await platform.withWorker(async () => {
      // The manager takes today off (and two working days more), approved by the director.
      const own = await manager.post('/leave-requests', {
        leaveTypeCode: 'unpaid',
        startDate: platform.today,
        endDate: platform.workingDayAhead(2),
        reason: 'Away',
      });
      expect(own.status, JSON.stringify(own.body)).toBe(201);
      const approval = await taskOf(director, own.body.leaveRequest.id);
      expect((await director.post(`/tasks/${approval.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
      await eventually(async () => (await manager.get('/account/away')).body.awayUntil !== null);

      const requestId = await submitLeave(20);
      const task = await taskOf(director, requestId);
      expect(task.assigneeId).toBe(platform.org.people.director.id);
      expect(task.standingInForName).toBe(platform.org.people.manager.name);
      const [row] = await platform.database.sql`select standing_in_for_id from tasks where id = ${task.id}`;
      expect(row!.standing_in_for_id).toBe(platform.org.people.manager.id);

      // Back early: the manager ends the absence, and the task is theirs again.
      await endAllAbsences(manager);
      const back = await taskOf(manager, requestId);
      expect(back.assigneeId).toBe(platform.org.people.manager.id);
      expect(back.standingInForName).toBeNull();
      const { body } = await employee.get(`/leave-requests/${requestId}`);
      expect(body.timeline.map((e: { note: string | null }) => e.note)).toContain(
        `${platform.org.people.manager.name} is back; returned from ${platform.org.people.director.name}.`,
      );
    });
  });

  it('gives it to the delegate the person chose while an absence they set runs', async () => {
    await platform.withWorker(async () => {
      expect((await manager.put('/account/away/delegate', { delegateId: platform.org.people.hr.id })).status).toBe(200);
      const set = await manager.post('/account/away/absences', { startsOn: platform.today, endsOn: platform.today, note: 'Training' });
      expect(set.status).toBe(201);
      expect(set.body.awayUntil).toBe(platform.today);
      const requestId = await submitLeave(25);
      const task = await taskOf(hr, requestId);
      expect(task.assigneeId).toBe(platform.org.people.hr.id);
      expect((await manager.get('/tasks?sort=newest&limit=200')).body.tasks.some((t: Task) => t.caseId === requestId)).toBe(false);
      await endAllAbsences(manager);
      expect((await taskOf(manager, requestId)).assigneeId).toBe(platform.org.people.manager.id);
      await manager.put('/account/away/delegate', { delegateId: null });
    });
  });

  it('refuses an absence that ends before it starts or is over, and a delegate who is oneself or unknown', async () => {
    const yesterday = new Date(Date.parse(`${platform.today}T12:00:00Z`) - 86_400_000).toISOString().slice(0, 10);
    const tomorrow = new Date(Date.parse(`${platform.today}T12:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
    for (const [body, path] of [
      [{ startsOn: tomorrow, endsOn: platform.today }, 'endsOn'],
      [{ startsOn: yesterday, endsOn: yesterday }, 'endsOn'],
      [{ startsOn: 'soon', endsOn: platform.today }, 'startsOn'],
    ] as const) {
      const answer = await manager.post('/account/away/absences', body);
      expect(answer.status, JSON.stringify(body)).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
      expect(answer.body.error.details[0].path).toBe(path);
    }
    for (const delegateId of [platform.org.people.manager.id, '00000000-0000-4000-8000-000000000000']) {
      const answer = await manager.put('/account/away/delegate', { delegateId });
      expect(answer.status).toBe(422);
    }
    expect((await manager.post(`/account/away/absences/00000000-0000-4000-8000-000000000000/end`, {})).status).toBe(404);
    expect((await manager.get('/account/away')).body.absences).toEqual([]);
  });
});
