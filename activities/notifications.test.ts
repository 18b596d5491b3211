import { describe, expect, it } from 'vitest';
import { taskChangeNotices } from './notifications.ts';
import type { TaskChange, TaskEventKind } from './tasks.ts';

// Who hears of which change in their bell; the writing itself (once per person) is in idempotency.test.ts.

const person = (id: string) => ({ id, name: id, email: `${id}@example.test` });

function change(
  kind: TaskEventKind,
  over: { actorId?: string | null; mailTo?: string[]; holderId?: string | null; alsoAllowedIds?: string[] },
) {
  return {
    caseRef: { orgId: 'org', caseType: 'any', caseId: 'case', subjectId: 'subject' },
    task: { title: 'A task', holderId: over.holderId ?? null, delegateId: null, alsoAllowedIds: over.alsoAllowedIds ?? [] },
    event: { key: `step:v2:${kind}`, kind, actorId: over.actorId ?? null },
    mailTo: (over.mailTo ?? []).map(person),
  } as unknown as TaskChange;
}

const told = (c: TaskChange) => taskChangeNotices(c, 'wf-1', 'task-1').map((n) => `${n.userId}:${n.kind}`);

describe('who a task change tells', () => {
  it.each([
    ['opened', 'assigned'],
    ['reassigned', 'assigned'],
    ['escalated', 'escalated'],
    ['delegated', 'delegated'],
    ['resolved', 'returned'],
    ['reminded', 'reminded'],
  ] as const)('%s tells whom it is addressed to as %s', (kind, noticeKind) => {
    expect(told(change(kind, { actorId: 'boss', mailTo: ['ann'] }))).toEqual([`ann:${noticeKind}`]);
  });

  it('a completion tells the holder and former holders, not the one who decided', () => {
    expect(told(change('completed', { actorId: 'ann', holderId: 'bob', alsoAllowedIds: ['ann', 'cat'] }))).toEqual([
      'bob:decided',
      'cat:decided',
    ]);
  });

  it('tells nobody of a claim, a release, a due move or a cancellation, nor anyone of their own doing', () => {
    for (const kind of ['claimed', 'released', 'due_moved', 'cancelled'] as const) {
      expect(told(change(kind, { actorId: 'boss', mailTo: ['ann'], holderId: 'ann' }))).toEqual([]);
    }
    expect(told(change('reassigned', { actorId: 'ann', mailTo: ['ann'] }))).toEqual([]);
  });

  it('keys each notice by the workflow and the event, so a retried write is the same notice', () => {
    const [notice] = taskChangeNotices(change('opened', { mailTo: ['ann'] }), 'wf-1', 'task-1');
    expect(notice).toMatchObject({ eventKey: 'wf-1:step:v2:opened', taskId: 'task-1', title: 'A task', orgId: 'org' });
  });
});
