import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Who may hold a leave approval: its own organisation (people are deactivated here).
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
});
afterAll(() => platform?.stop());

const oneDay = (daysAhead: number) => {
  const day = platform.unusedWorkingDayAhead(daysAhead);
  return { leaveTypeCode: 'unpaid', startDate: day, endDate: day, reason: 'Appointment' };
};

const openTaskOf = (who: SignedIn, caseId: string) =>
  eventually(async () => (await who.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === caseId));

describe('handing tasks on', () => {
  it('never lets a leave approval be reassigned to someone without leave:approve over the employee', async () => {
    await platform.withWorker(async () => {
      const hr = await signIn(platform, 'hr');
      const submitted = await employee.post('/leave-requests', oneDay(10));
      const task = await openTaskOf(manager, submitted.body.leaveRequest.id);
      // Quinn (QA) is plain staff: within HR's reach, but without the right to decide leave.
      const toStaff = await hr.post(`/tasks/${task.id}/reassign`, { assigneeId: platform.org.people.qa.id });
      expect(toStaff.status).toBe(422);
      expect(toStaff.body.error.code).toBe('invalid_assignee');
      expect(toStaff.body.error.message).toMatch(/lacks leave:approve/);
      const qa = await signIn(platform, 'qa');
      expect((await qa.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(404);
      expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
    });
  });

  it('answers 503 process_catching_up and saves nothing for a task whose row its workflow does not know yet', async () => {
    await platform.withWorker(async () => {
      const submitted = await employee.post('/leave-requests', oneDay(40));
      const task = await openTaskOf(manager, submitted.body.leaveRequest.id);
      // The state after a worker died between writing a task's row and the workflow task that opened
      // it being recorded: the row is there, the replaying workflow has not reached the task yet.
      const [ahead] = await platform.database.sql<{ id: string }[]>`
        insert into tasks (org_id, workflow_id, task_key, step, round, kind, title, case_type, case_id, subject_id,
                           permission, assignee_id, form, case_fields)
        select org_id, workflow_id, 'approval#2', step, 2, kind, title, case_type, case_id, subject_id,
               permission, assignee_id, form, case_fields
        from tasks where id = ${task.id}
        returning id`;
      const started = performance.now();
      const answer = await manager.post(`/tasks/${ahead!.id}/complete`, { values: { decision: 'approve' } });
      expect(answer).toMatchObject({ status: 503, body: { error: { code: 'process_catching_up' } } });
      expect(performance.now() - started).toBeGreaterThan(2000); // it gave the process time to catch up first
      const [row] = await platform.database.sql`select status, version from tasks where id = ${ahead!.id}`;
      expect(row).toEqual({ status: 'open', version: 1 });
      await platform.database.sql`delete from tasks where id = ${ahead!.id}`;
      expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
    });
  });

  it('moves a deactivated manager’s open tasks up the reporting line at once, with a timeline entry', async () => {
    await platform.withWorker(async () => {
      const admin = await signIn(platform, 'admin');
      const director = await signIn(platform, 'director');
      const submitted = await employee.post('/leave-requests', oneDay(12));
      const id = submitted.body.leaveRequest.id;
      await openTaskOf(manager, id);
      const deactivated = await admin.post(`/admin/users/${platform.org.people.manager.id}/deactivate`, {});
      expect(deactivated.status).toBe(200);
      const moved = await openTaskOf(director, id);
      expect(moved.assigneeName).toBe('Dana Director');
      await platform.mail.waitFor((m) => m.to.includes(`director@${platform.slug}.test`) && m.subject.startsWith('Assigned to you'));
      const { body } = await employee.get(`/leave-requests/${id}`);
      expect(body.timeline.find((e: { kind: string }) => e.kind === 'reassigned').note).toBe('Mona Manager left; handed to Dana Director.');
      expect((await director.post(`/tasks/${moved.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
    });
  });
});
