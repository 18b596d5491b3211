import { randomUUID } from 'node:crypto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { taskCandidates, tasks } from '../db/schema/index.ts';
import type { TaskForm } from '../workflows/human-task/form.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// The inbox's list and count: who sees what, filters, orders and cursors. Most rows are written
// straight into the task table (the read side is plain SQL); one journey goes through the leave
// process, so the case fields the workflow writes are the ones the filters find.
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let qa: SignedIn;
let colleague: SignedIn;

const form: TaskForm = {
  fields: [{ name: 'decision', label: 'Decision', type: 'choice', required: true, options: [{ value: 'ok', label: 'OK' }] }],
};

/** Task rows for a case type no process registers: the generic inbox must serve it anyway. */
async function addTasks(
  rows: Partial<typeof tasks.$inferInsert>[],
  candidates: (taskId: string) => Partial<typeof taskCandidates.$inferInsert>[] = () => [],
) {
  const written = await platform.database.db
    .insert(tasks)
    .values(
      rows.map((row) => ({
        orgId: platform.org.orgId,
        workflowId: `review-${randomUUID()}`,
        taskKey: 'check',
        step: 'check',
        kind: 'review-check',
        title: 'Check the deliverable',
        caseType: 'review',
        caseId: randomUUID(),
        permission: 'tasks:work',
        form,
        ...row,
      })),
    )
    .returning({ id: tasks.id });
  const extra = written.flatMap(({ id }) =>
    candidates(id).map((c) => ({ orgId: platform.org.orgId, taskId: id, relation: 'candidate' as const, ...c })),
  );
  if (extra.length > 0) await platform.database.db.insert(taskCandidates).values(extra);
  return written.map((w) => w.id);
}

async function allPages(user: SignedIn, query: string, limit = 7) {
  const seen: { id: string }[] = [];
  let cursor: string | null = null;
  let pages = 0;
  do {
    const answer = await user.get(`/tasks?${query}&limit=${limit}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(answer.status).toBe(200);
    seen.push(...answer.body.tasks);
    cursor = answer.body.nextCursor;
    pages++;
  } while (cursor && pages < 100);
  return { ids: seen.map((t) => t.id), pages };
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  qa = await signIn(platform, 'qa');
  colleague = await signIn(platform, 'colleague');
});
afterAll(() => platform?.stop());

describe('the inbox list', () => {
  it('pages through every task with a cursor, each once, in due order, with nothing cut off', async () => {
    const base = Date.parse('2031-05-01T09:00:00Z');
    // Same due times in pairs, and created in one statement (one created_at): only the id breaks ties.
    const ids = await addTasks(
      Array.from({ length: 40 }, (_, i) => ({
        assigneeId: platform.org.people.qa.id,
        dueAt: i % 10 === 0 ? null : new Date(base + Math.floor(i / 2) * 3_600_000),
        title: `Paging check ${i}`,
      })),
    );
    const { ids: seen, pages } = await allPages(qa, 'q=paging');
    expect(pages).toBe(6);
    expect(new Set(seen).size).toBe(seen.length);
    expect(new Set(seen)).toEqual(new Set(ids));
    const listed = await qa.get('/tasks?q=paging&limit=200');
    const dues = listed.body.tasks.map((t: { dueAt: string | null }) => (t.dueAt ? Date.parse(t.dueAt) : Infinity));
    expect(dues).toEqual([...dues].sort((a, b) => a - b));
    expect(listed.body.tasks.slice(-4).every((t: { dueAt: string | null }) => t.dueAt === null)).toBe(true);
  });

  it('orders by priority, urgent first, and by age, oldest first', async () => {
    await addTasks(
      ['low', 'urgent', 'normal', 'high'].map((priority) => ({
        assigneeId: platform.org.people.qa.id,
        priority: priority as 'low',
        title: `Ranked ${priority}`,
      })),
    );
    const ranked = await qa.get('/tasks?q=ranked&sort=priority');
    expect(ranked.body.tasks.map((t: { priority: string }) => t.priority)).toEqual(['urgent', 'high', 'normal', 'low']);
    const aged = await qa.get('/tasks?q=paging&sort=age&limit=200');
    const created = aged.body.tasks.map((t: { createdAt: string }) => Date.parse(t.createdAt));
    expect(created).toEqual([...created].sort((a, b) => a - b));
  });

  it('filters by priority, queue, due range and a business field, and searches titles and fields by word prefix', async () => {
    const due = (iso: string) => new Date(iso);
    await addTasks([
      {
        assigneeId: platform.org.people.qa.id,
        priority: 'high',
        dueAt: due('2032-01-10T10:00:00Z'),
        title: 'Filter alpha',
        caseFields: { clientName: 'Northwind Traders', amount: 1200 },
      },
      {
        assigneeId: platform.org.people.qa.id,
        priority: 'low',
        dueAt: due('2032-03-10T10:00:00Z'),
        title: 'Filter beta',
        caseFields: { clientName: 'Contoso', amount: 80 },
      },
    ]);
    await addTasks([{ title: 'Filter gamma', queueLabel: 'QA reviewers', caseFields: { clientName: 'Northwind Traders' } }], () => [
      { role: 'qa' },
    ]);
    const titles = async (query: string) => {
      const answer = await qa.get(`/tasks?${query}`);
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return answer.body.tasks.map((t: { title: string }) => t.title).sort();
    };
    expect(await titles('q=filter&priority=high')).toEqual(['Filter alpha']);
    expect(await titles('q=filter&queue=queued')).toEqual(['Filter gamma']);
    expect(await titles('q=filter&queue=QA%20reviewers')).toEqual(['Filter gamma']);
    expect(await titles('q=filter&queue=mine')).toEqual(['Filter alpha', 'Filter beta']);
    expect(await titles('q=filter&dueFrom=2032-02-01T00:00:00Z&dueTo=2032-04-01T00:00:00Z')).toEqual(['Filter beta']);
    expect(await titles('q=filter&field.clientName=northwind%20traders')).toEqual(['Filter alpha', 'Filter gamma']);
    expect(await titles('q=north%20filt')).toEqual(['Filter alpha', 'Filter gamma']);
    expect(await titles('q=contos')).toEqual(['Filter beta']);
    const listed = await qa.get('/tasks?q=alpha');
    expect(listed.body.tasks[0].fields).toEqual({ clientName: 'Northwind Traders', amount: 1200 });
  });

  it('merges every way a task reaches the viewer into one order on every page, and lists and counts each task once', async () => {
    const qaId = platform.org.people.qa.id;
    const colleagueId = platform.org.people.colleague.id;
    const day = (n: number) => new Date(Date.parse('2033-02-01T09:00:00Z') + n * 86_400_000);
    const stillTheirs = () => [{ relation: 'also' as const, userId: qaId }];
    const [held, heldNoDue] = await addTasks([
      { title: 'Merged held', assigneeId: qaId, dueAt: day(1), priority: 'high' },
      { title: 'Merged held, no due time', assigneeId: qaId, priority: 'low' },
    ]);
    const [delegated] = await addTasks([{ title: 'Merged delegated', assigneeId: colleagueId, delegateId: qaId, dueAt: day(2) }]);
    const [byRole] = await addTasks([{ title: 'Merged by role', queueLabel: 'Merged queue', dueAt: day(0) }], () => [{ role: 'qa' }]);
    // Offered twice (by name and by role), and held while still theirs to decide: each comes two ways.
    const [byNameAndRole] = await addTasks([{ title: 'Merged by name and role', queueLabel: 'Merged queue', dueAt: day(3) }], () => [
      { role: 'qa' },
      { userId: qaId },
    ]);
    const [escalatedAway] = await addTasks([{ title: 'Merged escalated away', assigneeId: colleagueId, dueAt: day(1) }], stillTheirs);
    const [heldAndTheirs] = await addTasks([{ title: 'Merged held and theirs', assigneeId: qaId, dueAt: day(4) }], stillTheirs);
    await addTasks([{ title: 'Merged about qa', queueLabel: 'Merged queue', subjectId: qaId }], () => [
      { role: 'qa' },
      { relation: 'excluded', role: null, userId: qaId },
    ]);
    await addTasks([{ title: 'Merged for finance', queueLabel: 'Merged queue' }], () => [{ role: 'finance' }]);

    const byDue = [byRole, held, escalatedAway, delegated, byNameAndRole, heldAndTheirs, heldNoDue];
    const byPriority = [held, byRole, escalatedAway, delegated, byNameAndRole, heldAndTheirs, heldNoDue];
    const newest = [heldAndTheirs, escalatedAway, byNameAndRole, byRole, delegated, ...[held!, heldNoDue!].sort().reverse()];
    for (const limit of [2, 3, 200]) {
      expect((await allPages(qa, 'q=merged', limit)).ids, `due, ${limit} a page`).toEqual(byDue);
      expect((await allPages(qa, 'q=merged&sort=priority', limit)).ids, `priority, ${limit} a page`).toEqual(byPriority);
      expect((await allPages(qa, 'q=merged&sort=newest', limit)).ids, `newest, ${limit} a page`).toEqual(newest);
    }
    expect((await qa.get('/tasks/count?q=merged')).body).toEqual({ count: 7, mine: 4, queues: [{ label: 'Merged queue', count: 2 }] });
  });

  it('refuses a bad filter, a forged cursor and a cursor of another order with 400s that name the field', async () => {
    for (const query of [
      'priority=extreme',
      'dueFrom=tomorrow',
      'limit=5000',
      'sort=random',
      'field.bad-name=x',
      'cursor=bm90IGpzb24',
      'unknown=1',
    ]) {
      const answer = await qa.get(`/tasks?${query}`);
      expect(answer.status, query).toBe(400);
      expect(answer.body.error.code).toBe('invalid_input');
    }
    const page = await qa.get('/tasks?q=paging&limit=3');
    const other = await qa.get(`/tasks?q=paging&limit=3&sort=priority&cursor=${page.body.nextCursor}`);
    expect(other.status).toBe(400);
    expect(other.body.error.details[0].path).toBe('cursor');
  });

  it('shows a queued task to every member of the queue and to nobody else, and never to the person the case is about', async () => {
    const [queued] = await addTasks([{ title: 'Queue reach', queueLabel: 'QA reviewers' }], () => [{ role: 'qa' }]);
    const [aboutQa] = await addTasks(
      [{ title: 'Queue reach about qa', queueLabel: 'QA reviewers', subjectId: platform.org.people.qa.id }],
      (id) => [{ role: 'qa' }, { relation: 'excluded', role: null, userId: platform.org.people.qa.id, taskId: id }],
    );
    const qaSees = (await qa.get('/tasks?q=reach')).body.tasks.map((t: { id: string }) => t.id);
    expect(qaSees).toEqual([queued]);
    expect(qaSees).not.toContain(aboutQa);
    expect((await colleague.get('/tasks?q=reach')).body.tasks).toEqual([]);
    expect((await colleague.get(`/tasks/${queued}`)).status).toBe(404);
  });
});

describe('the inbox count', () => {
  it('counts what the filters find, the viewer’s own, and each queue, without loading tasks', async () => {
    await addTasks(
      [
        { title: 'Counted queued', queueLabel: 'Counting queue' },
        { title: 'Counted queued two', queueLabel: 'Counting queue' },
      ],
      () => [{ role: 'qa' }],
    );
    await addTasks([{ title: 'Counted mine', assigneeId: platform.org.people.qa.id }]);
    const answer = await qa.get('/tasks/count?q=counted');
    expect(answer.status).toBe(200);
    expect(answer.body).toEqual({ count: 3, mine: 1, queues: [{ label: 'Counting queue', count: 2 }] });
    expect((await colleague.get('/tasks/count?q=counted')).body).toEqual({ count: 0, mine: 0, queues: [] });
    expect((await qa.get('/tasks/count?cursor=x')).status).toBe(400);
  });
});

describe('the team tasks', () => {
  it('pages through every open task held within the reassigner’s reach, newest first, with nothing cut off', async () => {
    const hr = await signIn(platform, 'hr');
    const ids = await addTasks(
      Array.from({ length: 130 }, (_, i) => ({ assigneeId: platform.org.people.colleague.id, title: `Team paging ${i}` })),
    );
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const answer = await hr.get(`/tasks/team${cursor ? `?cursor=${cursor}` : ''}`);
      expect(answer.status).toBe(200);
      seen.push(...answer.body.tasks.map((t: { id: string }) => t.id));
      cursor = answer.body.nextCursor;
      pages++;
    } while (cursor && pages < 20);
    expect(pages).toBeGreaterThanOrEqual(2);
    expect(new Set(seen).size).toBe(seen.length);
    for (const id of ids) expect(seen).toContain(id);
    expect((await hr.get('/tasks/team?limit=500')).status).toBe(400);
  });
});

describe('a process’s own fields', () => {
  it('files a leave approval under the fields its workflow declares, so the manager finds it by leave type and name', async () => {
    const employee = await signIn(platform, 'employee');
    const manager = await signIn(platform, 'manager');
    await platform.withWorker(async () => {
      const day = platform.workingDayAhead(30);
      const submitted = await employee.post('/leave-requests', {
        leaveTypeCode: 'unpaid',
        startDate: day,
        endDate: day,
        reason: 'Moving house',
      });
      expect(submitted.status).toBe(201);
      const found = await eventually(async () => {
        const { body } = await manager.get(
          `/tasks?field.leaveTypeName=unpaid%20leave&q=${encodeURIComponent(platform.org.people.employee.name.split(' ')[0]!)}`,
        );
        return body.tasks.find((t: { caseId: string }) => t.caseId === submitted.body.leaveRequest.id);
      });
      expect(found.fields).toMatchObject({
        employeeName: platform.org.people.employee.name,
        leaveTypeName: 'Unpaid leave',
        period: day,
        workingDays: 1,
      });
      expect(
        (await manager.get('/tasks?field.leaveTypeName=annual%20leave&limit=200')).body.tasks.some(
          (t: { id: string }) => t.id === found.id,
        ),
      ).toBe(false);
    });
  });
});
