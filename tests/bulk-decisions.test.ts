import { and, eq, inArray } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { leaveCaseType } from '../api/leave/case-type.ts';
import { auditLog, caseEvents, leaveLedger, tasks } from '../db/schema/index.ts';
import type { CalendarDate } from '../domain/calendar.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// POST /api/tasks/bulk-complete: each task decided by its own workflow, as a single decision would be.
let platform: Platform;
let employee: SignedIn;
let manager: SignedIn;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  [employee, manager] = await Promise.all([signIn(platform, 'employee'), signIn(platform, 'manager')]);
});
afterAll(() => platform?.stop());

const usedDays = new Set<CalendarDate>();
/** A working day no earlier request of this file took, so requests never overlap. */
function freshDay(): CalendarDate {
  for (let ahead = 10; ; ahead++) {
    const day = platform.workingDayAhead(ahead);
    if (!usedDays.has(day)) {
      usedDays.add(day);
      return day;
    }
  }
}

/** Asks for a day of leave (unpaid: no balance to run out of) and waits for its approval task in the approver's inbox. */
async function approvalTask(requester: SignedIn, approver: SignedIn, leaveTypeCode = 'unpaid'): Promise<{ id: string; caseId: string }> {
  const day = freshDay();
  const submitted = await requester.post('/leave-requests', { leaveTypeCode, startDate: day, endDate: day, reason: 'Errands' });
  expect(submitted.status).toBe(201);
  const caseId = submitted.body.leaveRequest.id;
  return eventually(async () => (await approver.get('/tasks')).body.tasks.find((t: { caseId: string }) => t.caseId === caseId));
}

const approve = { decision: 'approve' };
const bulk = (who: SignedIn, taskIds: string[], values: Record<string, unknown> = approve) =>
  who.post('/tasks/bulk-complete', { taskIds, values });

const statusOf = async (caseId: string) => (await employee.get(`/leave-requests/${caseId}`)).body.leaveRequest.status;

describe('bulk decisions', () => {
  it('approves three leave requests where one was already decided: two ok, one task_not_open, each workflow deciding once', async () => {
    await platform.withWorker(async () => {
      // Annual leave: an approval takes its days out of the balance with one ledger entry.
      const three = [
        await approvalTask(employee, manager, 'annual'),
        await approvalTask(employee, manager, 'annual'),
        await approvalTask(employee, manager, 'annual'),
      ];
      expect((await manager.post(`/tasks/${three[1]!.id}/complete`, { values: approve })).status).toBe(200);

      const answer = await bulk(
        manager,
        three.map((t) => t.id),
      );
      expect(answer.status).toBe(200);
      expect(answer.body.results).toEqual([
        { taskId: three[0]!.id, ok: true },
        { taskId: three[1]!.id, ok: false, error: { code: 'task_not_open', message: expect.any(String) } },
        { taskId: three[2]!.id, ok: true },
      ]);

      const caseIds = three.map((t) => t.caseId);
      await eventually(async () => (await Promise.all(caseIds.map(statusOf))).every((s) => s === 'approved'));
      const ledger = await platform.database.db.select().from(leaveLedger).where(inArray(leaveLedger.requestId, caseIds));
      expect(ledger.map((entry) => entry.requestId).sort()).toEqual([...caseIds].sort());
      const completions = await platform.database.db
        .select()
        .from(caseEvents)
        .where(and(inArray(caseEvents.caseId, caseIds), eq(caseEvents.kind, 'completed')));
      expect(completions.map((event) => event.caseId).sort()).toEqual([...caseIds].sort());
    });
  });

  it('fails a task of another person’s inbox as not_found, audited, and leaves it open while deciding the others', async () => {
    await platform.withWorker(async () => {
      const mine = await approvalTask(employee, manager);
      // Sam Closer reports to Dana Director: his leave is Dana's to decide, not Mona's.
      const theirs = await approvalTask(await signIn(platform, 'closer'), await signIn(platform, 'director'));
      const answer = await bulk(manager, [theirs.id, mine.id]);
      expect(answer.body.results).toEqual([
        { taskId: theirs.id, ok: false, error: { code: 'not_found', message: 'That was not found.' } },
        { taskId: mine.id, ok: true },
      ]);
      const denials = await platform.database.db
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.kind, 'access.denied'), eq(auditLog.targetId, theirs.id)));
      expect(denials.map((d) => d.actorId)).toEqual([platform.org.people.manager.id]);
      const [row] = await platform.database.db.select().from(tasks).where(eq(tasks.id, theirs.id));
      expect(row!.status).toBe('open');
    });
  });

  it('gives each task exactly one success when two bulk requests over the same tasks run at once', async () => {
    await platform.withWorker(async () => {
      const three = [await approvalTask(employee, manager), await approvalTask(employee, manager), await approvalTask(employee, manager)];
      const ids = three.map((t) => t.id);
      const [first, second] = await Promise.all([bulk(manager, ids), bulk(manager, [...ids].reverse())]);
      expect([first.status, second.status]).toEqual([200, 200]);
      for (const id of ids) {
        const answers = [...first.body.results, ...second.body.results].filter((r: { taskId: string }) => r.taskId === id);
        expect(answers.filter((r: { ok: boolean }) => r.ok)).toHaveLength(1);
        expect(['task_not_open', 'task_conflict']).toContain(answers.find((r: { ok: boolean }) => !r.ok).error.code);
      }
      const completions = await platform.database.db
        .select()
        .from(caseEvents)
        .where(
          and(
            inArray(
              caseEvents.caseId,
              three.map((t) => t.caseId),
            ),
            eq(caseEvents.kind, 'completed'),
          ),
        );
      expect(completions).toHaveLength(3);
    });
  });

  it('rejects in bulk with the comment each rejection owes, and fails every task as invalid_form without it', async () => {
    await platform.withWorker(async () => {
      const two = [await approvalTask(employee, manager), await approvalTask(employee, manager)];
      const ids = two.map((t) => t.id);
      const withoutComment = await bulk(manager, ids, { decision: 'reject' });
      expect(withoutComment.body.results.map((r: { error?: { code: string } }) => r.error?.code)).toEqual(['invalid_form', 'invalid_form']);
      const rejected = await bulk(manager, ids, { decision: 'reject', comment: 'The release week' });
      expect(rejected.body.results.every((r: { ok: boolean }) => r.ok)).toBe(true);
      await eventually(async () => (await Promise.all(two.map((t) => statusOf(t.caseId)))).every((s) => s === 'rejected'));
    });
  });

  it('fails a task whose case type does not allow bulk decisions with bulk_not_allowed, and leaves it open', async () => {
    await platform.withWorker(async () => {
      const task = await approvalTask(employee, manager);
      const kind = leaveCaseType.taskKinds['leave-approval']!;
      kind.bulkDecision = false;
      try {
        const answer = await bulk(manager, [task.id]);
        expect(answer.body.results[0]).toMatchObject({ ok: false, error: { code: 'bulk_not_allowed' } });
      } finally {
        kind.bulkDecision = true;
      }
      expect((await manager.get(`/tasks/${task.id}`)).body.task.status).toBe('open');
    });
  });

  it('refuses a malformed list of tasks with a 400 naming taskIds, deciding none', async () => {
    const id = crypto.randomUUID();
    for (const taskIds of [[], [id, id], ['not-a-task'], Array.from({ length: 101 }, () => crypto.randomUUID())]) {
      const answer = await bulk(manager, taskIds);
      expect({ status: answer.status, path: answer.body.error.details[0].path }).toMatchObject({
        status: 400,
        path: expect.stringMatching(/^taskIds/),
      });
    }
    expect((await manager.post('/tasks/bulk-complete', { taskIds: [id] })).body.error.details[0].path).toBe('values');
  });
});
