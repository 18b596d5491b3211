import { and, desc, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { usersInScope } from '../../db/queries/scope.ts';
import { taskCandidates, tasks, users } from '../../db/schema/index.ts';
import { caseTypeOf } from '../cases/registry.ts';

type Viewer = Pick<Principal, 'id' | 'orgId' | 'roles' | 'departmentId'>;

const holder = alias(users, 'holder');
const delegate = alias(users, 'delegate');

const candidateRows = (db: DbOrTx, viewer: Viewer, relation: 'candidate' | 'also' | 'excluded', condition?: SQL) =>
  db
    .select({ taskId: taskCandidates.taskId })
    .from(taskCandidates)
    .where(and(eq(taskCandidates.orgId, viewer.orgId), eq(taskCandidates.relation, relation), condition));

/** Queue rows that reach the viewer: by name, by role (in their department or any), or by department. */
function offeredTo(db: DbOrTx, viewer: Viewer) {
  const department = viewer.departmentId;
  return candidateRows(
    db,
    viewer,
    'candidate',
    or(
      eq(taskCandidates.userId, viewer.id),
      viewer.roles.length > 0
        ? and(
            inArray(taskCandidates.role, viewer.roles),
            or(isNull(taskCandidates.departmentId), department ? eq(taskCandidates.departmentId, department) : sql`false`),
          )
        : undefined,
      department ? and(isNull(taskCandidates.role), eq(taskCandidates.departmentId, department)) : undefined,
    ),
  );
}

/**
 * Open tasks the viewer may act on: held by them, delegated to them, still theirs after an
 * escalation, or waiting in a queue they belong to; never a case they started. Each branch is an
 * index lookup (tasks by holder or delegate, task_candidates by user, role or department).
 */
export function openForViewer(db: DbOrTx, viewer: Viewer): SQL {
  return and(
    eq(tasks.orgId, viewer.orgId),
    eq(tasks.status, 'open'),
    or(
      eq(tasks.assigneeId, viewer.id),
      eq(tasks.delegateId, viewer.id),
      inArray(tasks.id, candidateRows(db, viewer, 'also', eq(taskCandidates.userId, viewer.id))),
      and(isNull(tasks.assigneeId), inArray(tasks.id, offeredTo(db, viewer))),
    ),
    notInArray(tasks.id, candidateRows(db, viewer, 'excluded', eq(taskCandidates.userId, viewer.id))),
  )!;
}

/** Closed tasks the viewer decided, held, or could still decide when they closed. */
const doneByViewer = (db: DbOrTx, viewer: Viewer) =>
  and(
    eq(tasks.orgId, viewer.orgId),
    ne(tasks.status, 'open'),
    or(
      eq(tasks.completedBy, viewer.id),
      eq(tasks.assigneeId, viewer.id),
      inArray(tasks.id, candidateRows(db, viewer, 'also', eq(taskCandidates.userId, viewer.id))),
    ),
  )!;

const taskColumns = {
  id: tasks.id,
  kind: tasks.kind,
  step: tasks.step,
  round: tasks.round,
  title: tasks.title,
  caseType: tasks.caseType,
  caseId: tasks.caseId,
  status: tasks.status,
  permission: tasks.permission,
  assigneeId: tasks.assigneeId,
  assigneeName: holder.name,
  delegateId: tasks.delegateId,
  delegateName: delegate.name,
  queueLabel: tasks.queueLabel,
  priority: tasks.priority,
  note: tasks.note,
  escalationLevel: tasks.escalationLevel,
  dueAt: tasks.dueAt,
  createdAt: tasks.createdAt,
  completedAt: tasks.completedAt,
  outcome: tasks.outcome,
  form: tasks.form,
};

function selectTasks(db: DbOrTx, where: SQL) {
  return db
    .select(taskColumns)
    .from(tasks)
    .leftJoin(holder, eq(holder.id, tasks.assigneeId))
    .leftJoin(delegate, eq(delegate.id, tasks.delegateId))
    .where(where);
}

type TaskRecord = Awaited<ReturnType<typeof selectTasks>>[number];

export function presentTask(row: TaskRecord, viewerId: string) {
  const caseType = caseTypeOf(row.caseType);
  return {
    ...row,
    kindLabel: caseType?.taskKinds[row.kind]?.label ?? row.kind,
    /** Whether the case type lets tasks of this kind be decided many at once. */
    bulkDecision: caseType?.taskKinds[row.kind]?.bulkDecision === true,
    /** How the case type labels its business fields (`fields`). */
    fieldLabels: Object.fromEntries((caseType?.fields ?? []).map((f) => [f.name, f.label])),
    caseLabel: caseType?.label ?? row.caseType,
    escalated: row.escalationLevel > 0,
    queued: row.status === 'open' && row.assigneeId === null,
    yours: row.assigneeId === viewerId ? 'holder' : row.delegateId === viewerId ? 'delegate' : null,
  };
}

/** Each task with its case's business fields, as its case type declares them. */
async function withCaseFields(db: DbOrTx, orgId: string, rows: TaskRecord[], viewerId: string) {
  const fields = new Map<string, Map<string, unknown>>();
  for (const type of new Set(rows.map((r) => r.caseType))) {
    const ids = rows.filter((r) => r.caseType === type).map((r) => r.caseId);
    const loaded = await caseTypeOf(type)?.loadFields(db, orgId, ids);
    if (loaded) fields.set(type, loaded);
  }
  return rows.map((row) => ({ ...presentTask(row, viewerId), fields: fields.get(row.caseType)?.get(row.caseId) ?? {} }));
}

/** The inbox: open tasks the viewer may act on, or recently closed ones they decided or held. */
export async function listInbox(db: DbOrTx, viewer: Viewer, status: 'open' | 'done') {
  const rows = await selectTasks(db, status === 'open' ? openForViewer(db, viewer) : doneByViewer(db, viewer))
    .orderBy(desc(status === 'open' ? tasks.createdAt : tasks.completedAt))
    .limit(status === 'open' ? 500 : 50);
  return withCaseFields(db, viewer.orgId, rows, viewer.id);
}

/** Open tasks held by people within the principal's reassignment scope: what they may hand on. */
export async function listTeamTasks(db: DbOrTx, principal: Principal) {
  const rows = await selectTasks(
    db,
    and(
      eq(tasks.orgId, principal.orgId),
      eq(tasks.status, 'open'),
      inArray(tasks.assigneeId, db.select({ id: users.id }).from(users).where(usersInScope(principal, 'tasks:reassign'))),
    )!,
  )
    .orderBy(desc(tasks.createdAt))
    .limit(500);
  return withCaseFields(db, principal.orgId, rows, principal.id);
}

/** A task the viewer may see (open and theirs to act on, or closed and once theirs), else undefined. */
export async function findVisibleTask(db: DbOrTx, viewer: Viewer, taskId: string) {
  const [visible] = await selectTasks(db, and(eq(tasks.id, taskId), or(openForViewer(db, viewer), doneByViewer(db, viewer)))!);
  if (!visible) return undefined;
  const [row] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  return { row: row!, view: (await withCaseFields(db, viewer.orgId, [visible], viewer.id))[0]! };
}

/** Any task of the organisation, for people who manage others' tasks (the route checks the scope). */
export async function findOrgTask(db: DbOrTx, orgId: string, taskId: string) {
  const [row] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.id, taskId)));
  return row;
}

/** Whether the viewer has, had or is offered any task of this case. */
export async function caseTaskVisibleTo(db: DbOrTx, viewer: Viewer, caseType: string, caseId: string): Promise<boolean> {
  const [task] = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(
      and(
        eq(tasks.caseType, caseType),
        eq(tasks.caseId, caseId),
        or(openForViewer(db, viewer), doneByViewer(db, viewer)),
        eq(tasks.orgId, viewer.orgId),
      ),
    )
    .limit(1);
  return task !== undefined;
}
