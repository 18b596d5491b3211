import { sql } from 'drizzle-orm';
import { addCalendarDays } from '../domain/calendar.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { LeaveFailure, leaveApprovalPermission, submitLeaveUpdate, type LeaveRequestInput } from '../workflows/leave/messages.ts';
import { leaveRequestWorkflow } from '../workflows/leave/workflow.ts';

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;

const leaveForm = (over: Record<string, unknown> = {}) => ({
  leaveTypeCode: 'annual',
  startDate: platform.workingDayAhead(14),
  endDate: platform.workingDayAhead(14),
  startHalfDay: false,
  endHalfDay: false,
  reason: 'Family visit',
  ...over,
});

const daysAgo = (days: number) => ({
  startDate: addCalendarDays(platform.today, -days),
  endDate: addCalendarDays(platform.today, -days + 1),
});

const countRows = async (table: string) =>
  Number((await platform.database.sql.unsafe(`select count(*) as n from ${table} where org_id = $1`, [platform.org.orgId]))[0]!.n);

async function openTaskFor(user: SignedIn, requestId: string) {
  return eventually(async () => {
    const { body } = await user.get('/tasks?sort=newest&limit=200');
    return body.tasks.find((t: { caseId: string }) => t.caseId === requestId);
  });
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  employee = await signIn(platform, 'employee');
  manager = await signIn(platform, 'manager');
});
afterAll(() => platform?.stop());

describe('a leave request from form to decision', () => {
  it('costs working days, waits for the manager, and moves the balance only on approval', async () => {
    await platform.withWorker(async () => {
      const startDate = platform.workingDayAhead(21);
      const form = leaveForm({ startDate, endDate: startDate, endHalfDay: true });
      const preview = await employee.post('/leave-requests/preview', form);
      expect(preview.status).toBe(200);
      expect(preview.body).toMatchObject({ workingDays: 0.5, balanceBefore: 25, balanceAfter: 24.5, violations: [] });
      // The preview already answers while the reason is still being written.
      expect((await employee.post('/leave-requests/preview', { ...form, reason: '' })).body.workingDays).toBe(0.5);

      const submitted = await employee.post('/leave-requests', form);
      expect(submitted.status).toBe(201);
      const request = submitted.body.leaveRequest;
      expect(request).toMatchObject({ status: 'pending', workingDays: 0.5, approverName: 'Mona Manager' });

      const task = await openTaskFor(manager, request.id);
      expect(task.fields).toMatchObject({ employeeName: 'Eve Employee', period: startDate, workingDays: 0.5 });
      expect(task.fieldLabels).toMatchObject({ employeeName: 'Employee', period: 'Dates' });
      expect(task.title).toContain(`${startDate} (morning)`);
      const detail = await manager.get(`/tasks/${task.id}`);
      expect(detail.body.caseType).toBe('leave');
      expect(detail.body.panel.leaveRequest.id).toBe(request.id);
      expect(detail.body.panel.balance).toMatchObject({ balance: 25, pending: 0.5, available: 24.5 });

      // The balance of the leave's year: near the year's end, three weeks ahead is the next one.
      const balanceOfTheYear = `/leave-balances?year=${startDate.slice(0, 4)}`;
      const balanceBefore = await employee.get(balanceOfTheYear);
      expect(balanceBefore.body.balances.find((b: { leaveTypeCode: string }) => b.leaveTypeCode === 'annual')?.balance).toBe(25);

      const approved = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve', comment: 'Enjoy' } });
      expect(approved.status).toBe(200);
      expect(approved.body.task.status).toBe('completed');

      const mail = await platform.mail.waitFor((m) => m.to.includes(`employee@${platform.slug}.test`) && m.subject.includes('approved'));
      expect(mail.text).toContain('Mona Manager approved your request');
      expect(mail.text).toContain('Comment: Enjoy');

      const after = await eventually(async () => {
        const { body } = await employee.get(`/leave-requests/${request.id}`);
        return body.leaveRequest.status === 'approved' && body;
      });
      expect(after.timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'opened', 'completed', 'approved']);
      expect(after.timeline[3].actorName).toBe('Mona Manager');
      const balances = await employee.get(balanceOfTheYear);
      expect(balances.body.balances.find((b: { leaveTypeCode: string }) => b.leaveTypeCode === 'annual')?.balance).toBe(24.5);
    });
  });

  it('shows the manager overlapping absences of the team', async () => {
    await platform.withWorker(async () => {
      const colleague = await signIn(platform, 'colleague');
      const day = platform.workingDayAhead(30);
      const first = await colleague.post('/leave-requests', leaveForm({ startDate: day, endDate: day }));
      expect(first.status).toBe(201);
      const second = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      expect(second.status).toBe(201);
      const task = await openTaskFor(manager, second.body.leaveRequest.id);
      const detail = await manager.get(`/tasks/${task.id}`);
      expect(detail.body.panel.overlappingAbsences).toEqual([
        { employeeName: 'Carl Colleague', startDate: day, endDate: day, status: 'pending' },
      ]);
      expect(detail.body.panel.balance).toMatchObject({ available: expect.any(Number) });
    });
  });

  it('never lets a manager approve their own leave: it goes to their manager', async () => {
    await platform.withWorker(async () => {
      const director = await signIn(platform, 'director');
      const submitted = await manager.post(
        '/leave-requests',
        leaveForm({ startDate: platform.workingDayAhead(40), endDate: platform.workingDayAhead(40) }),
      );
      expect(submitted.status).toBe(201);
      expect(submitted.body.leaveRequest.approverName).toBe('Dana Director');
      await openTaskFor(director, submitted.body.leaveRequest.id);
      const own = await manager.get('/tasks?sort=newest&limit=200');
      expect(own.body.tasks.some((t: { caseId: string }) => t.caseId === submitted.body.leaveRequest.id)).toBe(false);
    });
  });
});

describe('rules a leave request enforces, each refused with nothing saved', () => {
  // Dates come from the platform's clock and calendar, known once it has started.
  const cases: [string, () => Record<string, unknown>, number, string][] = [
    ['end before start', () => ({ startDate: platform.workingDayAhead(10), endDate: platform.workingDayAhead(3) }), 422, 'endDate'],
    ['dates in the past beyond the grace', () => daysAgo(platform.config.leave.pastGraceDays + 1), 422, 'startDate'],
    ['a range without working days', () => ({ startDate: platform.dayOffAhead(1), endDate: platform.dayOffAhead(1) }), 422, 'endDate'],
    [
      'more days than the balance',
      () => ({ startDate: platform.workingDayAhead(60), endDate: platform.workingDayAhead(120) }),
      422,
      'leaveTypeCode',
    ],
    ['an unknown leave type', () => ({ leaveTypeCode: 'sabbatical' }), 422, 'leaveTypeCode'],
    ['a reason too long', () => ({ reason: 'x'.repeat(1001) }), 400, 'reason'],
    ['a missing reason', () => ({ reason: '' }), 400, 'reason'],
    ['a date of the wrong shape', () => ({ startDate: '12/01/2027' }), 400, 'startDate'],
    ['an impossible date', () => ({ startDate: '2027-02-30' }), 400, 'startDate'],
    ['a boolean of the wrong type', () => ({ startHalfDay: 'yes' }), 400, 'startHalfDay'],
    ['an unexpected field', () => ({ approverId: 'me' }), 400, ''],
  ];
  it.each(cases)('refuses %s', async (_name, change, status, path) => {
    const before = await countRows('leave_requests');
    const response = await employee.post('/leave-requests', leaveForm(change()));
    expect(response.status).toBe(status);
    expect(response.body.error.code).toBe(status === 400 ? 'invalid_input' : 'leave_rule_violated');
    if (path) expect(response.body.error.details.map((d: { path: string }) => d.path)).toContain(path);
    expect(await countRows('leave_requests')).toBe(before);
  });

  it('refuses overlap with pending leave', async () => {
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(50);
      expect((await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, endHalfDay: true }))).status).toBe(201);
      const before = await countRows('leave_requests');
      const overlapping = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day }));
      expect(overlapping.status).toBe(422);
      expect(overlapping.body.error.details[0].path).toBe('startDate');
      // The afternoon of the same day is free.
      expect((await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, startHalfDay: true }))).status).toBe(201);
      expect(await countRows('leave_requests')).toBe(before + 1);
    });
  });

  it('answers malformed JSON with a 400, not a 500', async () => {
    const response = await employee.post('/leave-requests', '{not json');
    expect(response.status).toBe(400);
    expect(response.body.error.code).toBeDefined();
  });

  it('needs a session for every route', async () => {
    for (const [method, path] of [
      ['GET', '/api/me'],
      ['GET', '/api/tasks'],
      ['POST', '/api/leave-requests'],
      ['GET', '/api/events'],
    ]) {
      const response = await platform.app.request(path!, { method, headers: { 'content-type': 'application/json' } });
      expect(response.status).toBe(401);
    }
  });
});

describe('decisions and cancellations', () => {
  it('lets exactly one of two simultaneous approvals win', async () => {
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(70);
      const submitted = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      const task = await openTaskFor(manager, submitted.body.leaveRequest.id);
      const answers = await Promise.all([
        manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } }),
        manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'reject', comment: 'Busy week' } }),
      ]);
      expect(answers.map((a) => a.status).sort()).toEqual([200, 409]);
      // The loser finds the task closed, or (when the winner rejected, which ends the process at once
      // now that the decision is written inside the same workflow task) the process closed.
      expect(['task_not_open', 'process_closed']).toContain(answers.find((a) => a.status === 409)!.body.error.code);
      const again = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } });
      expect(again.status).toBe(409);
      const events = await eventually(async () => {
        const { body } = await employee.get(`/leave-requests/${submitted.body.leaveRequest.id}`);
        return body.timeline.some((e: { kind: string }) => e.kind === 'approved' || e.kind === 'rejected') && body.timeline;
      });
      expect(events.filter((e: { kind: string }) => e.kind === 'approved' || e.kind === 'rejected')).toHaveLength(1);
      expect(events.filter((e: { kind: string }) => e.kind === 'completed')).toHaveLength(1);
    });
  });

  it('refuses a decision form that does not validate, and other people acting', async () => {
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(75);
      const submitted = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      const task = await openTaskFor(manager, submitted.body.leaveRequest.id);
      const noComment = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'reject' } });
      expect(noComment.status).toBe(422);
      expect(noComment.body.error.details).toEqual([{ path: 'comment', message: 'Comment is required.' }]);
      const badChoice = await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'maybe' } });
      expect(badChoice.status).toBe(422);
      const byEmployee = await employee.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } });
      expect(byEmployee.status).toBe(404);
    });
  });

  it('cancels a pending request without touching the balance, and an approved one with a reversal', async () => {
    await platform.withWorker(async () => {
      const pendingDay = platform.workingDayAhead(80);
      const pending = await employee.post('/leave-requests', leaveForm({ startDate: pendingDay, endDate: pendingDay }));
      await openTaskFor(manager, pending.body.leaveRequest.id);
      const cancelled = await employee.post(`/leave-requests/${pending.body.leaveRequest.id}/cancel`, { reason: 'Plans changed' });
      expect(cancelled.status).toBe(200);
      expect(cancelled.body.leaveRequest.status).toBe('cancelled');
      await eventually(
        async () =>
          !(await manager.get('/tasks?sort=newest&limit=200')).body.tasks.some(
            (t: { caseId: string }) => t.caseId === pending.body.leaveRequest.id,
          ),
      );

      const day = platform.workingDayAhead(85);
      const approvedRequest = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day }));
      const id = approvedRequest.body.leaveRequest.id;
      const task = await openTaskFor(manager, id);
      expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
      await eventually(async () => (await employee.get(`/leave-requests/${id}`)).body.leaveRequest.status === 'approved');
      const year = Number(day.slice(0, 4));
      const ledgerOf = () => platform.database.sql`select kind, half_days from leave_ledger where request_id = ${id} order by created_at`;
      expect(await ledgerOf()).toEqual([{ kind: 'taken', half_days: -2 }]);
      const cancelApproved = await employee.post(`/leave-requests/${id}/cancel`, {});
      expect(cancelApproved.status).toBe(200);
      expect(await ledgerOf()).toEqual([
        { kind: 'taken', half_days: -2 },
        { kind: 'reversal', half_days: 2 },
      ]);
      const cancelAgain = await employee.post(`/leave-requests/${id}/cancel`, {});
      expect(cancelAgain.status).toBe(409);
      const [sum] = await platform.database
        .sql`select sum(half_days)::int as total from leave_ledger where employee_id = ${platform.org.people.employee.id} and leave_type_code = 'annual' and year = ${year} and request_id = ${id}`;
      expect(sum!.total).toBe(0);
    });
  });

  it('lets HR hand a waiting task to someone else, who alone may then decide it', async () => {
    await platform.withWorker(async () => {
      const hr = await signIn(platform, 'hr');
      const director = await signIn(platform, 'director');
      const day = platform.workingDayAhead(100);
      const submitted = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      const id = submitted.body.leaveRequest.id;
      const task = await openTaskFor(manager, id);
      // A department manager reaches only their own department: HR sits elsewhere.
      expect((await manager.post(`/tasks/${task.id}/reassign`, { assigneeId: platform.org.people.hr.id })).status).toBe(422);
      expect((await employee.post(`/tasks/${task.id}/reassign`, { assigneeId: platform.org.people.director.id })).status).toBe(403);
      expect((await hr.post(`/tasks/${task.id}/reassign`, { assigneeId: platform.org.people.employee.id })).status).toBe(422);
      const team = await hr.get('/tasks/team');
      expect(team.body.tasks.find((t: { id: string }) => t.id === task.id)).toMatchObject({
        assigneeName: 'Mona Manager',
        caseId: id,
        fields: { employeeName: 'Eve Employee' },
      });
      expect(team.body.candidates.map((p: { name: string }) => p.name)).toContain('Dana Director');
      expect((await employee.get('/tasks/team')).status).toBe(403);
      const moved = await hr.post(`/tasks/${task.id}/reassign`, { assigneeId: platform.org.people.director.id, reason: 'Mona is away' });
      expect(moved.status).toBe(200);
      await eventually(
        async () => !(await manager.get('/tasks?sort=newest&limit=200')).body.tasks.some((t: { caseId: string }) => t.caseId === id),
      );
      expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(404);
      await openTaskFor(director, id);
      expect((await director.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);
      await platform.mail.waitFor((m) => m.to.includes(`director@${platform.slug}.test`) && m.subject.startsWith('Assigned to you'));
      const timeline = await eventually(async () => {
        const { body } = await employee.get(`/leave-requests/${id}`);
        return body.leaveRequest.status === 'approved' && body.timeline;
      });
      expect(timeline.map((e: { kind: string }) => e.kind)).toEqual(['submitted', 'opened', 'reassigned', 'completed', 'approved']);
      expect(timeline[2]).toMatchObject({ actorName: 'Hana Hr', note: 'Reassigned from Mona Manager to Dana Director: Mona is away' });
      const [audit] = await platform.database
        .sql`select actor_id, detail from audit_log where kind = 'task.reassigned' and target_id = ${task.id}`;
      expect(audit).toMatchObject({ actor_id: platform.org.people.hr.id, detail: { to: platform.org.people.director.id } });
    });
  });

  it('keeps the ledger append-only in the database itself', async () => {
    const appendOnly = { cause: { message: 'leave_ledger is append-only' } };
    await expect(
      platform.database.db.execute(sql`update leave_ledger set half_days = 100 where org_id = ${platform.org.orgId}`),
    ).rejects.toMatchObject(appendOnly);
    await expect(platform.database.db.execute(sql`delete from leave_ledger where org_id = ${platform.org.orgId}`)).rejects.toMatchObject(
      appendOnly,
    );
  });

  it('refuses a request that overlaps one recorded after its checks, and opens no approval task for it', async () => {
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(110);
      const first = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      expect(first.status).toBe(201);
      // The second one as the API would start it had its checks run before the first was recorded.
      const { people } = platform.org;
      const requestId = crypto.randomUUID();
      const person = (u: typeof people.employee) => ({ id: u.id, name: u.name, email: u.email });
      const input: LeaveRequestInput = {
        requestId,
        orgId: platform.org.orgId,
        departmentId: people.employee.departmentId,
        employee: person(people.employee),
        approver: { ...person(people.manager), permissions: [leaveApprovalPermission] },
        leaveType: { code: 'unpaid', name: 'Unpaid leave', hasBalance: false },
        span: { startDate: day, endDate: day, startHalfDay: false, endHalfDay: false },
        halfDays: 2,
        year: Number(day.slice(0, 4)),
        reason: 'Racing the first',
        startsAt: `${day}T00:00:00.000Z`,
        policy: { remindAfterMs: 0, escalateAfterMs: 0 },
        submittedFrom: null,
      };
      const submit = platform.temporal.workflow.executeUpdateWithStart(submitLeaveUpdate, {
        updateId: 'submit',
        startWorkflowOperation: new WithStartWorkflowOperation(leaveRequestWorkflow, {
          workflowId: `leave-${requestId}`,
          taskQueue: platform.config.temporal.taskQueue,
          args: [input],
          workflowIdConflictPolicy: 'USE_EXISTING',
        }),
      });
      await expect(submit).rejects.toMatchObject({ cause: { type: LeaveFailure.refused } });
      expect(await platform.temporal.workflow.getHandle(`leave-${requestId}`).result()).toBe('refused');
      const written = await platform.database.sql`
        select (select count(*)::int from tasks where case_id = ${requestId}) as tasks,
               (select count(*)::int from leave_requests where id = ${requestId}) as requests,
               (select count(*)::int from outbound_emails where key like ${`leave-${requestId}:%`}) as emails`;
      expect(written[0]).toEqual({ tasks: 0, requests: 0, emails: 0 });
    });
  });

  it('answers a repeated submit with the request it already created', async () => {
    await platform.withWorker(async () => {
      const requestId = crypto.randomUUID();
      const day = platform.workingDayAhead(90);
      const form = leaveForm({ requestId, startDate: day, endDate: day, leaveTypeCode: 'unpaid' });
      const [a, b] = await Promise.all([employee.post('/leave-requests', form), employee.post('/leave-requests', form)]);
      expect([a.status, b.status].every((s) => s === 200 || s === 201)).toBe(true);
      expect(a.body.leaveRequest.id).toBe(requestId);
      expect(b.body.leaveRequest.id).toBe(requestId);
      const rows = await platform.database.sql`select count(*)::int as n from leave_requests where id = ${requestId}`;
      expect(rows[0]!.n).toBe(1);
      const colleague = await signIn(platform, 'colleague');
      expect((await colleague.post('/leave-requests', form)).status).toBe(409);
    });
  });

  it('lets an operator find the process by its search attributes, with a summary that names no one', async () => {
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(95);
      const submitted = await employee.post('/leave-requests', leaveForm({ startDate: day, endDate: day, leaveTypeCode: 'unpaid' }));
      const workflowId = `leave-${submitted.body.leaveRequest.id}`;
      const found = await eventually(async () => {
        const query = `CaseType = 'leave' AND CaseStatus = 'pending' AND OrgId = '${platform.org.orgId}' AND WorkflowId = '${workflowId}'`;
        for await (const execution of platform.temporal.workflow.list({ query })) return execution;
        return undefined;
      });
      expect(found.workflowId).toBe(workflowId);
      const description = await platform.temporal.workflow.getHandle(workflowId).describe();
      expect(await description.staticSummary()).toBe(`Leave request ${submitted.body.leaveRequest.id}`);
    });
  });
});
