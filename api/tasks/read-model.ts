import { and, eq, inArray, isNull, ne, notInArray, or, sql, type SQL } from 'drizzle-orm';
import { alias, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { everyStatementPrepared, type DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { usersInScope } from '../../db/queries/scope.ts';
import { taskCandidates, tasks, users } from '../../db/schema/index.ts';
import type { CaseFieldValues, CaseType } from '../cases/case-type.ts';
import { caseTypeOf } from '../cases/registry.ts';
import {
  afterCursor,
  cursorKeys,
  encodeCursor,
  firstReached,
  fromTasks,
  narrowing,
  orderBy,
  orderFor,
  reachedAnd,
  reachesOf,
  type Reach,
  type Viewer,
} from './inbox-sql.ts';
import type { InboxFilters, InboxQuery } from './schemas.ts';

/**
 * A person's name, looked up beside each row: a subquery rather than a join, so that planning the
 * page does not weigh three more joins' orders (a third of a millisecond a page).
 */
const nameOf = (id: AnyPgColumn) => sql<string | null>`(select ${users.name} from ${users} where ${users.id} = ${id})`;

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

// The inbox's own conditions (inbox-sql.ts) name the task `t`.
const t = alias(tasks, 't');

/** What a list shows of a task `task`, with the names of its holder, delegate and the person away. */
const taskColumns = (task: typeof tasks | typeof t) => ({
  id: task.id,
  kind: task.kind,
  step: task.step,
  round: task.round,
  title: task.title,
  caseType: task.caseType,
  caseId: task.caseId,
  status: task.status,
  permission: task.permission,
  assigneeId: task.assigneeId,
  assigneeName: nameOf(task.assigneeId),
  delegateId: task.delegateId,
  delegateName: nameOf(task.delegateId),
  /** The holder stands in for this person while they are away. */
  standingInForId: task.standingInForId,
  standingInForName: nameOf(task.standingInForId),
  queueLabel: task.queueLabel,
  priority: task.priority,
  note: task.note,
  escalationLevel: task.escalationLevel,
  dueAt: task.dueAt,
  createdAt: task.createdAt,
  completedAt: task.completedAt,
  outcome: task.outcome,
  form: task.form,
  /** The case's business fields as the row carries them; empty on rows written before tasks carried them. */
  fields: task.caseFields,
});

/** The task `task` as a list shows it (`task`), and `extra`. */
function selectTasks<Extra extends Record<string, SQL>>(db: DbOrTx, task: typeof tasks | typeof t, extra: Extra) {
  return db.select({ task: taskColumns(task), ...extra }).from(task);
}

type TaskRecord = Awaited<ReturnType<typeof selectTasks<Record<never, SQL>>>>[number]['task'];

/** Whether the viewer holds the task or has it delegated to them. */
type TaskRelation = 'holder' | 'delegate' | null;

// Each row is copied once, by a spread: a rest pattern (`{ a, ...rest }`) costs V8 some 20 µs a
// row, a millisecond a page.
function presentTask(row: TaskRecord, viewerId: string, loaded: CaseFieldValues | undefined) {
  const caseType = caseTypeOf(row.caseType);
  const yours: TaskRelation = row.assigneeId === viewerId ? 'holder' : row.delegateId === viewerId ? 'delegate' : null;
  return {
    ...row,
    kindLabel: caseType?.taskKinds[row.kind]?.label ?? row.kind,
    /** Whether the case type lets tasks of this kind be decided many at once. */
    bulkDecision: caseType?.taskKinds[row.kind]?.bulkDecision === true,
    /** How the case type labels its business fields (`fields`). */
    fieldLabels: caseType ? fieldLabelsOf(caseType) : {},
    caseLabel: caseType?.label ?? row.caseType,
    escalated: row.escalationLevel > 0,
    queued: row.status === 'open' && row.assigneeId === null,
    yours,
    fields: Object.keys(row.fields).length > 0 ? row.fields : (loaded ?? {}),
  };
}

const fieldLabels = new WeakMap<CaseType, Record<string, string>>();
function fieldLabelsOf(caseType: CaseType): Record<string, string> {
  let labels = fieldLabels.get(caseType);
  if (!labels) {
    labels = Object.freeze(Object.fromEntries(caseType.fields.map((f) => [f.name, f.label])));
    fieldLabels.set(caseType, labels);
  }
  return labels;
}

/**
 * Each task with its case's business fields, as its case type declares them: from the row, or for
 * rows written before tasks carried them, from the case type.
 */
async function withCaseFields(db: DbOrTx, orgId: string, rows: TaskRecord[], viewerId: string) {
  const fields = new Map<string, Map<string, CaseFieldValues>>();
  const older = rows.filter((r) => Object.keys(r.fields).length === 0);
  for (const type of new Set(older.map((r) => r.caseType))) {
    const ids = older.filter((r) => r.caseType === type).map((r) => r.caseId);
    const loaded = await caseTypeOf(type)?.loadFields(db, orgId, ids);
    if (loaded) fields.set(type, loaded);
  }
  return rows.map((row) => presentTask(row, viewerId, fields.get(row.caseType)?.get(row.caseId)));
}

/**
 * The forms of the inbox's statement kept prepared on each connection (parsed once and, when that
 * pays, planned once): every form of the unfiltered list and count, which most requests are, and the
 * first few dozen filtered forms asked for (a business field, a process, a due range: a team's
 * usual views). Each form holds some 300 kB of each connection it runs on, and combinations of
 * filters make thousands of forms, so past the cap a new form goes unprepared. postgres.js closes
 * each connection within an hour (`max_lifetime`), and its prepared statements with it.
 */
const preparedFilteredForms = new Set<string>();
const filteredFormsCap = 32;

const notFilters = new Set(['status', 'sort', 'cursor', 'limit']);

/**
 * What the statement's text depends on, besides the order: which filters are set (a list is one
 * array parameter, whatever its length) and how the viewer reaches queues.
 */
function formOf(viewer: Viewer, filters: InboxFilters, extra: string): string {
  const set = Object.entries(filters)
    .filter(([name, value]) => value !== undefined && !notFilters.has(name))
    .map(([name, value]) => {
      if (name === 'fields') return `fields:${Object.keys(value as object).length}`;
      if (name === 'queue') return value === 'mine' || value === 'queued' ? `queue:${value}` : 'queue';
      return name === 'overdue' ? `overdue:${String(value)}` : name;
    })
    .sort();
  return [filters.status, filters.sort, extra, viewer.roles.length > 0, viewer.departmentId !== null, ...set].join('|');
}

/** Whether to run the statement prepared: unfiltered, or a filtered form within the cap. */
function keepsPrepared(viewer: Viewer, filters: InboxFilters, conditions: SQL[], extra: string): boolean {
  if (conditions.length === 0) return true;
  const form = formOf(viewer, filters, extra);
  if (preparedFilteredForms.has(form)) return true;
  if (preparedFilteredForms.size >= filteredFormsCap) return false;
  preparedFilteredForms.add(form);
  return true;
}

/**
 * One page in `order` of the tasks the reaches find, narrowed by `conditions` (on `t`), after
 * `cursor` when given: one statement, which picks the page's ids and then reads only their rows.
 */
async function pageOf(
  db: DbOrTx,
  viewer: Pick<Viewer, 'id' | 'orgId'>,
  reaches: Reach[],
  conditions: SQL[],
  order: ReturnType<typeof orderFor>,
  page: { cursor?: string; limit: number },
  prepared: boolean,
) {
  const narrowed = [...conditions, ...(page.cursor ? [afterCursor(order, page.cursor)] : [])];
  const query = selectTasks(db, t, { cursorKeys: sql<string[]>`${cursorKeys(order)}` })
    .where(sql`t.id in (${firstReached(reaches, narrowed, order, page.limit + 1)})`)
    .orderBy(orderBy(order));
  const picked = await (prepared ? query.prepare('inbox_page').execute() : query);
  const shown = picked.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    tasks: await withCaseFields(
      db,
      viewer.orgId,
      shown.map((row) => row.task),
      viewer.id,
    ),
    nextCursor: picked.length > page.limit && last ? encodeCursor(last.cursorKeys) : null,
  };
}

/** One page of the inbox: tasks the viewer may act on (or closed ones they decided or held), filtered. */
export async function listInbox(db: DbOrTx, viewer: Viewer, query: InboxQuery) {
  const conditions = narrowing(viewer, query);
  // A cursor's condition has one form per order.
  const prepared = keepsPrepared(viewer, query, conditions, query.cursor ? 'page after' : 'page');
  return pageOf(db, viewer, reachesOf(viewer, query.status), conditions, orderFor(query), query, prepared);
}

/** How many tasks the filters find, how many of them are the viewer's own, and how many wait in each queue. */
export async function countInbox(db: DbOrTx, viewer: Viewer, filters: InboxFilters) {
  const conditions = narrowing(viewer, filters);
  const reached = reachesOf(viewer, filters.status).map(
    (r) => sql`select t.id, case when t.assignee_id is null then t.queue_label end as queue,
                      coalesce(t.assignee_id = ${viewer.id} or t.delegate_id = ${viewer.id}, false) as mine
                 from ${reachedAnd(r, conditions)}`,
  );
  // `union` counts a task that reached the viewer twice (held, and offered to them as well) once.
  const query = db
    .select({ queue: sql<string | null>`queue`, mine: sql<boolean>`mine`, n: sql<number>`count(*)::int` })
    .from(sql`(${sql.join(reached, sql` union `)}) reached`)
    .groupBy(sql`queue, mine`);
  const rows = await (keepsPrepared(viewer, filters, conditions, 'count') ? query.prepare('inbox_count').execute() : query);
  const queues = new Map<string, number>();
  for (const row of rows) if (row.queue !== null) queues.set(row.queue, (queues.get(row.queue) ?? 0) + row.n);
  return {
    count: rows.reduce((sum, row) => sum + row.n, 0),
    mine: rows.filter((row) => row.mine).reduce((sum, row) => sum + row.n, 0),
    queues: [...queues].map(([label, count]) => ({ label, count })).sort((a, b) => a.label.localeCompare(b.label)),
  };
}

/** Open tasks held by people within the principal's reassignment scope, newest first, a page at a time: what they may hand on. */
export async function listTeamTasks(db: DbOrTx, principal: Principal, page: { cursor?: string; limit: number }) {
  const inReach = db.select({ id: users.id }).from(users).where(usersInScope(principal, 'tasks:reassign'));
  const held = fromTasks(sql`t.org_id = ${principal.orgId} and t.status = 'open' and t.assignee_id in (${inReach})`);
  return pageOf(db, principal, [held], [], orderFor({ status: 'open', sort: 'newest' }), page, true);
}

/** A task the viewer may see (open and theirs to act on, or closed and once theirs), else undefined. */
export async function findVisibleTask(anyDb: DbOrTx, viewer: Viewer, taskId: string) {
  // On every command a person gives a task and every task page: kept prepared.
  const db = everyStatementPrepared(anyDb);
  const [visible] = await selectTasks(db, tasks, {}).where(
    and(eq(tasks.id, taskId), or(openForViewer(db, viewer), doneByViewer(db, viewer))),
  );
  if (!visible) return undefined;
  const [row] = await db.select().from(tasks).where(eq(tasks.id, taskId));
  return { row: row!, view: (await withCaseFields(db, viewer.orgId, [visible.task], viewer.id))[0]! };
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
