import { activityInfo } from '@temporalio/activity';
import { and, eq, ne, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client.ts';
import { recordAudit } from '../db/queries/audit-log.ts';
import { queueMembers } from '../db/queries/queue-members.ts';
import { taskCandidates, tasks } from '../db/schema/index.ts';
import type { TaskForm } from '../workflows/human-task/form.ts';
import type { Assignee } from '../workflows/human-task/messages.ts';
import type { EscalationTarget, Priority, StandingInFor, TaskFields, TaskQueue, TaskStatus } from '../workflows/human-task/state.ts';
import { recordCaseEvent } from './case-events.ts';
import { findDecider, type DeciderSearch } from './deciders.ts';
import { announce } from './platform-events.ts';
import { recordNotices, taskChangeNotices } from './notifications.ts';
import { queueTaskEmail } from './task-email.ts';

export type TaskEventKind =
  | 'opened'
  | 'claimed'
  | 'released'
  | 'delegated'
  | 'resolved'
  | 'reassigned'
  | 'due_moved'
  | 'reminded'
  | 'escalated'
  | 'completed'
  | 'cancelled';

/** A task's whole state as the workflow holds it, at one version. */
export interface TaskRowState {
  key: string;
  step: string;
  round: number;
  kind: string;
  title: string;
  form: TaskForm;
  permission: string;
  priority: Priority;
  status: TaskStatus;
  holderId: string | null;
  delegateId: string | null;
  queue: TaskQueue | null;
  alsoAllowedIds: string[];
  excludedIds: string[];
  dueAt: string | null;
  escalationLevel: number;
  note: string | null;
  outcome: unknown;
  completedBy: string | null;
  completedAt: string | null;
  version: number;
  /** Absent in changes written before tasks carried their case's fields. */
  caseFields?: TaskFields;
  standingInForId?: string | null;
}

export interface TaskChange {
  caseRef: { orgId: string; caseType: string; caseId: string; subjectId: string };
  task: TaskRowState;
  event: {
    /** Unique within the case: a retried activity records its timeline and audit entries once. */
    key: string;
    kind: TaskEventKind;
    actorId: string | null;
    address: string | null;
    note: string | null;
    detail: Record<string, unknown> | null;
    at: string;
  };
  mailTo: { id: string; name: string; email: string }[];
  mailText: string;
  notifyIds: string[];
}

export type EscalationFound =
  { kind: 'person'; person: Assignee; standingInFor?: StandingInFor } | { kind: 'queue'; queue: TaskQueue } | null;

export interface TaskActivityDeps {
  db: Db;
  appUrl: string;
}

// Rows are keyed by (workflow id, task key): the workflow id comes from the activity's own
// context, so a task can never be written into another process's row.
const workflowId = (): string => {
  const execution = activityInfo().workflowExecution;
  if (!execution) throw new Error('Task activities run only inside a workflow');
  return execution.workflowId;
};

const mailSubjects: Partial<Record<TaskEventKind, string>> = {
  opened: 'Assigned to you',
  claimed: 'Assigned to you',
  reassigned: 'Assigned to you',
  escalated: 'Escalated to you',
  delegated: 'Your help is asked',
  resolved: 'Back with you',
  reminded: 'Reminder',
};

/** The row's columns for one state; `version` decides whether it may overwrite what is there. */
function rowValues(orgId: string, wfId: string, change: TaskChange) {
  const { task, caseRef } = change;
  return {
    orgId,
    workflowId: wfId,
    taskKey: task.key,
    step: task.step,
    round: task.round,
    kind: task.kind,
    title: task.title,
    caseType: caseRef.caseType,
    caseId: caseRef.caseId,
    subjectId: caseRef.subjectId,
    permission: task.permission,
    assigneeId: task.holderId,
    delegateId: task.delegateId,
    queueLabel: task.queue?.label ?? null,
    candidateRole: task.queue?.role ?? null,
    candidateDepartmentId: task.queue?.departmentId ?? null,
    priority: task.priority,
    status: task.status,
    form: task.form,
    note: task.note,
    dueAt: task.dueAt ? new Date(task.dueAt) : null,
    escalationLevel: task.escalationLevel,
    escalatedAt: task.escalationLevel > 0 ? new Date(change.event.at) : null,
    outcome: task.outcome,
    completedBy: task.completedBy,
    completedAt: task.completedAt ? new Date(task.completedAt) : null,
    version: task.version,
    caseFields: task.caseFields ?? {},
    standingInForId: task.standingInForId ?? null,
  };
}

/** A task's row as written: its id, and whether this write created it (then it has no candidates yet). */
interface WrittenTask {
  id: string;
  created: boolean;
}

async function replaceCandidates(tx: DbOrTx, orgId: string, written: WrittenTask, task: TaskRowState): Promise<void> {
  const taskId = written.id;
  if (task.status !== 'open') {
    // Closed: nobody is offered it any more, but former holders still find it among their done tasks.
    await tx.delete(taskCandidates).where(and(eq(taskCandidates.taskId, taskId), ne(taskCandidates.relation, 'also')));
    return;
  }
  // A row this write created has nothing to replace: a round trip saved on every task opened.
  if (!written.created) await tx.delete(taskCandidates).where(eq(taskCandidates.taskId, taskId));
  const { queue } = task;
  const rows = [
    ...(queue?.role || queue?.departmentId
      ? [{ relation: 'candidate' as const, role: queue.role ?? null, departmentId: queue.departmentId ?? null, userId: null }]
      : []),
    ...(queue?.userIds ?? []).map((userId) => ({ relation: 'candidate' as const, userId, role: null, departmentId: null })),
    ...task.alsoAllowedIds.map((userId) => ({ relation: 'also' as const, userId, role: null, departmentId: null })),
    ...task.excludedIds.map((userId) => ({ relation: 'excluded' as const, userId, role: null, departmentId: null })),
  ];
  if (rows.length > 0) await tx.insert(taskCandidates).values(rows.map((r) => ({ ...r, orgId, taskId })));
}

/** Everyone whose inbox shows the task: holder, delegate, former holders, and a queue's members. */
async function peopleToTell(tx: DbOrTx, orgId: string, change: TaskChange): Promise<string[]> {
  const { task } = change;
  const ids = new Set([...change.notifyIds, ...task.alsoAllowedIds, ...change.mailTo.map((m) => m.id)]);
  if (task.holderId) ids.add(task.holderId);
  if (task.delegateId) ids.add(task.delegateId);
  const { queue } = task;
  for (const id of queue?.userIds ?? []) ids.add(id);
  if (queue) for (const member of await queueMembers(tx, orgId, queue, 1000)) ids.add(member.id);
  return [...ids];
}

/**
 * Writes one change of a task in the caller's transaction: its row (only over an older version), its
 * candidates, its timeline entry, its audit entry, the e-mails and bell notices it owes (each once; no
 * e-mail to someone who takes the daily digest instead). A process's own activity may call it to write
 * its first task with its own record, in one transaction.
 */
export async function writeTaskChange(tx: DbOrTx, change: TaskChange, appUrl: string): Promise<void> {
  const wfId = workflowId();
  const { orgId } = change.caseRef;
  const values = rowValues(orgId, wfId, change);
  const { orgId: _org, workflowId: _wf, taskKey: _key, ...changing } = values;
  const [written] = await tx
    .insert(tasks)
    .values(values)
    .onConflictDoUpdate({
      target: [tasks.workflowId, tasks.taskKey],
      set: { ...changing, escalatedAt: sql`coalesce(${tasks.escalatedAt}, excluded.escalated_at)` },
      setWhere: sql`${tasks.version} < excluded.version`,
    })
    // xmax is 0 on a row the insert created and set on one the conflict updated (PostgreSQL's own
    // bookkeeping of the row version, the usual way to tell an upsert's two outcomes apart).
    .returning({ id: tasks.id, created: sql<boolean>`(${tasks}.xmax = 0)` });
  const [row] = written
    ? [written]
    : await tx
        .select({ id: tasks.id })
        .from(tasks)
        .where(and(eq(tasks.workflowId, wfId), eq(tasks.taskKey, change.task.key)));
  if (!row) throw new Error(`Task ${wfId}/${change.task.key} has no row`);
  const { event } = change;
  const subject = mailSubjects[event.kind];
  // Independent writes, sent together: postgres.js pipelines them on the transaction's connection.
  await Promise.all([
    written && replaceCandidates(tx, orgId, written, change.task),
    recordCaseEvent(tx, {
      orgId,
      caseId: change.caseRef.caseId,
      eventKey: event.key,
      kind: event.kind,
      actorId: event.actorId,
      note: event.note,
      at: new Date(event.at),
    }),
    recordAudit(tx, {
      orgId,
      kind: `task.${event.kind}`,
      actorId: event.actorId,
      ipAddress: event.address,
      targetType: 'task',
      targetId: row.id,
      detail: {
        caseType: change.caseRef.caseType,
        caseId: change.caseRef.caseId,
        task: change.task.key,
        note: event.note,
        ...event.detail,
      },
      eventKey: `${wfId}:${event.key}`,
    }),
    peopleToTell(tx, orgId, change).then((userIds) => announce(tx, { orgId, userIds, topic: 'tasks' })),
    recordNotices(tx, taskChangeNotices(change, wfId, row.id)),
    ...(subject ? change.mailTo : []).map((to) =>
      queueTaskEmail(tx, to.id, {
        key: `${wfId}:${event.key}:${to.id}`,
        orgId,
        to: to.email,
        subject: `${subject}: ${change.task.title}`,
        text: [`Hello ${to.name},`, '', change.mailText, '', `Open it: ${appUrl}/inbox/${row.id}`, ''].join('\n'),
      }),
    ),
  ]);
}

export function createTaskActivities({ db, appUrl }: TaskActivityDeps) {
  return {
    /** One change of a task, in a transaction of its own. */
    async recordTaskChange(change: TaskChange): Promise<void> {
      await db.transaction((tx) => writeTaskChange(tx, change, appUrl));
    },

    /** Who takes a task next: a person who may decide it, a queue with such a member, or nobody (null). */
    async findEscalationTarget(search: DeciderSearch & { fromUserId: string | null; target: EscalationTarget }): Promise<EscalationFound> {
      return findDecider(db, search);
    },
  };
}
