// The inbox's SQL: which tasks a person may see, the filters, the orders and their cursors. Each
// way a task reaches a person is its own index lookup ("reach"), united, because one `or` across
// tasks and task_candidates makes PostgreSQL scan every task of the organisation.
import { sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../../db/queries/principal.ts';
import { dueOrNever as dueOrNeverOf, priorityRank as priorityRankOf, taskCandidates, tasks } from '../../db/schema/index.ts';
import { HttpError } from '../errors.ts';
import type { InboxFilters } from './schemas.ts';

/**
 * A list of values as one array parameter (`= any($1::text[])`), not one placeholder each: the
 * statement's text then does not change with the list's length, so one prepared form serves all.
 */
const list = (values: readonly string[]) => sql`${sql.param(values)}::text[]`;

export type Viewer = Pick<Principal, 'id' | 'orgId' | 'roles' | 'departmentId'>;

/** One way tasks reach the viewer: rows of `from`, which names the task `t`, picked by `where`. */
export interface Reach {
  from: SQL;
  where: SQL;
}

/**
 * Never a case the viewer started: one lookup of the cases they are excluded from (their own,
 * usually few), hashed, not one per task.
 */
const notExcluded = (v: Viewer, taskId: SQL) =>
  sql`${taskId} not in (select x.task_id from ${taskCandidates} x
                         where x.org_id = ${v.orgId} and x.user_id = ${v.id} and x.relation = 'excluded')`;

export const fromTasks = (where: SQL): Reach => ({ from: sql`${tasks} t`, where });
const viewersTasks = (v: Viewer, where: SQL): Reach => fromTasks(sql`${where} and ${notExcluded(v, sql`t.id`)}`);

/**
 * Tasks the viewer's rows of task_candidates name, each read by its key. `offset 0` keeps the
 * planner from folding the lookup into a join it may turn around: from a wrong estimate it would
 * read every queued task of the organisation to check each one's candidates. The exclusion is
 * checked on the candidate row, before the task is read.
 */
const fromCandidates = (v: Viewer, where: SQL): Reach => ({
  from: sql`${taskCandidates} c cross join lateral (select * from ${tasks} where id = c.task_id offset 0) t`,
  where: sql`${where} and ${notExcluded(v, sql`c.task_id`)}`,
});

/**
 * Open tasks held by, delegated to, still decidable by, or offered to the viewer (by name, by role
 * in their department or any, or by department while nobody holds them).
 */
function openReaches(v: Viewer): Reach[] {
  const roles =
    v.roles.length > 0
      ? sql`c.role = any(${list(v.roles)}) and ${v.departmentId ? sql`(c.department_id is null or c.department_id = ${v.departmentId})` : sql`c.department_id is null`}`
      : sql`false`;
  const department = v.departmentId ? sql`c.role is null and c.department_id = ${v.departmentId}` : sql`false`;
  return [
    viewersTasks(v, sql`t.org_id = ${v.orgId} and t.assignee_id = ${v.id} and t.status = 'open'`),
    viewersTasks(v, sql`t.org_id = ${v.orgId} and t.delegate_id = ${v.id} and t.status = 'open'`),
    // One scan of the viewer's candidate rows, each kind by its own index (PostgreSQL ors them).
    fromCandidates(
      v,
      sql`c.org_id = ${v.orgId}
      and ((c.relation = 'also' and c.user_id = ${v.id})
           or (c.relation = 'candidate' and (c.user_id = ${v.id} or (${roles}) or (${department}))))
      and t.org_id = ${v.orgId} and t.status = 'open' and (c.relation = 'also' or t.assignee_id is null)`,
    ),
  ];
}

/** Closed tasks the viewer decided, held, or could still decide when they closed. */
function doneReaches(v: Viewer): Reach[] {
  return [
    viewersTasks(v, sql`t.org_id = ${v.orgId} and t.completed_by = ${v.id} and t.status <> 'open'`),
    viewersTasks(v, sql`t.org_id = ${v.orgId} and t.assignee_id = ${v.id} and t.status <> 'open'`),
    fromCandidates(
      v,
      sql`c.org_id = ${v.orgId} and c.relation = 'also' and c.user_id = ${v.id}
      and t.org_id = ${v.orgId} and t.status <> 'open'`,
    ),
  ];
}

/** Every way the tasks in `status` reach the viewer; a task may come by more than one. */
export const reachesOf = (v: Viewer, status: InboxFilters['status']): Reach[] => (status === 'open' ? openReaches(v) : doneReaches(v));

/** The rows of `reach` that meet `conditions` too: a `from … where …`. */
export const reachedAnd = (reach: Reach, conditions: SQL[]): SQL =>
  sql`${reach.from} where ${sql.join([reach.where, ...conditions], sql` and `)}`;

/** Words typed into the search box, each matched as a prefix: "nor tra" finds "Northwind Traders". */
export function prefixQuery(text: string): string | null {
  const words = text.match(/[\p{L}\p{N}]+/gu) ?? [];
  return words.length > 0
    ? words
        .slice(0, 10)
        .map((w) => `${w.toLowerCase()}:*`)
        .join(' & ')
    : null;
}

/** What narrows the tasks that reach the viewer: the filters, as conditions on `t`. */
export function narrowing(v: Viewer, filters: InboxFilters): SQL[] {
  const conditions: SQL[] = [];
  if (filters.caseType) conditions.push(sql`t.case_type = any(${list(filters.caseType)})`);
  if (filters.kind) conditions.push(sql`t.kind = any(${list(filters.kind)})`);
  if (filters.step) conditions.push(sql`t.step = any(${list(filters.step)})`);
  if (filters.priority) conditions.push(sql`t.priority = any(${list(filters.priority)})`);
  if (filters.queue === 'mine') conditions.push(sql`(t.assignee_id = ${v.id} or t.delegate_id = ${v.id})`);
  else if (filters.queue === 'queued') conditions.push(sql`t.assignee_id is null`);
  else if (filters.queue) conditions.push(sql`t.assignee_id is null and t.queue_label = ${filters.queue}`);
  if (filters.assigneeId) conditions.push(sql`t.assignee_id = ${filters.assigneeId}`);
  if (filters.dueFrom) conditions.push(sql`t.due_at >= ${filters.dueFrom}::timestamptz`);
  if (filters.dueTo) conditions.push(sql`t.due_at <= ${filters.dueTo}::timestamptz`);
  if (filters.overdue === 'true') conditions.push(sql`t.due_at < now()`);
  if (filters.overdue === 'false') conditions.push(sql`(t.due_at is null or t.due_at >= now())`);
  const words = filters.q ? prefixQuery(filters.q) : null;
  if (words) conditions.push(sql`t.search @@ to_tsquery('simple', ${words})`);
  for (const [name, value] of Object.entries(filters.fields ?? {})) {
    conditions.push(sql`lower(t.case_fields ->> ${name}) = lower(${value})`);
  }
  return conditions;
}

/** The tasks the viewer may see in `filters.status`, narrowed by the filters: a `where` for `tasks t`. */
export function visibleAndFiltered(v: Viewer, filters: InboxFilters): SQL {
  const ids = sql.join(
    reachesOf(v, filters.status).map((r) => sql`select t.id from ${reachedAnd(r, [])}`),
    sql` union `,
  );
  // An array, not `in (subquery)`: the planner then looks the few ids up by key, where a join
  // estimate can tip it into scanning a million tasks.
  return sql.join([sql`t.org_id = ${v.orgId}`, sql`t.id = any(array(${ids}))`, ...narrowing(v, filters)], sql` and `);
}

// ---------------------------------------------------------------------------------------------
// Orders and cursors. Every key of an order runs the same direction (descending ones negated), so
// one row comparison continues after the last row shown. Keys travel as text: a timestamp keeps
// its microseconds, which a JavaScript Date would drop and so show a row twice.

type KeyType = 'timestamptz' | 'int' | 'uuid';
interface Order {
  keys: { expr: SQL; type: KeyType }[];
  direction: 'asc' | 'desc';
}

const priorityRank = priorityRankOf(sql`t.priority`);
const dueOrNever = dueOrNeverOf(sql`t.due_at`);
const key = (expr: SQL, type: KeyType) => ({ expr, type });

export function orderFor(filters: Pick<InboxFilters, 'status' | 'sort'>): Order {
  const created = key(sql`t.created_at`, 'timestamptz');
  const id = key(sql`t.id`, 'uuid');
  if (filters.status === 'done') return { keys: [key(sql`coalesce(t.completed_at, t.created_at)`, 'timestamptz'), id], direction: 'desc' };
  switch (filters.sort) {
    case 'priority':
      return { keys: [key(priorityRank, 'int'), key(dueOrNever, 'timestamptz'), created, id], direction: 'asc' };
    case 'age':
      return { keys: [created, id], direction: 'asc' };
    case 'newest':
      return { keys: [created, id], direction: 'desc' };
    case 'due':
      return { keys: [key(dueOrNever, 'timestamptz'), key(priorityRank, 'int'), created, id], direction: 'asc' };
  }
}

export const orderBy = (order: Order): SQL =>
  sql.join(
    order.keys.map((k) => sql`${k.expr} ${sql.raw(order.direction)}`),
    sql`, `,
  );

/**
 * The ids of the first `limit` rows in `order` that the reaches find, each narrowed by `conditions`:
 * every reach gives its own first `limit` (read in order from an index where one fits, so a
 * person's thousand tasks are not all read and sorted), and the page is the first `limit` of those.
 */
export function firstReached(reaches: Reach[], conditions: SQL[], order: Order, limit: number): SQL {
  const first = sql`limit ${limit}`;
  const name = (i: number) => sql.identifier(`key${i}`);
  const keys = sql.join(
    order.keys.map((k, i) => sql`${k.expr} as ${name(i)}`),
    sql`, `,
  );
  const branches = reaches.map((r) => sql`(select t.id, ${keys} from ${reachedAnd(r, conditions)} order by ${orderBy(order)} ${first})`);
  const merged = sql.join(
    order.keys.map((_, i) => sql`${name(i)} ${sql.raw(order.direction)}`),
    sql`, `,
  );
  // `union` drops a task that reached the viewer twice (held, and offered to them as well).
  return sql`select id from (${sql.join(branches, sql` union `)}) reached order by ${merged} ${first}`;
}

/** The keys of each row, selected as text for the next page's cursor. */
export const cursorKeys = (order: Order): SQL =>
  sql`array[${sql.join(
    order.keys.map((k) => sql`(${k.expr})::text`),
    sql`, `,
  )}]`;

export const encodeCursor = (keys: string[]): string => Buffer.from(JSON.stringify(keys)).toString('base64url');

const badCursor = () =>
  new HttpError(400, 'invalid_input', 'Invalid query: cursor: not a cursor of this list', [
    { path: 'cursor', message: 'not a cursor of this list' },
  ]);

/** Rows after the cursor's row, in this order; a cursor from another order or a forged one is refused. */
export function afterCursor(order: Order, cursor: string): SQL {
  let keys: unknown;
  try {
    keys = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw badCursor();
  }
  if (!Array.isArray(keys) || keys.length !== order.keys.length || !keys.every((k) => typeof k === 'string' && k.length <= 64)) {
    throw badCursor();
  }
  const patterns: Record<KeyType, RegExp> = {
    timestamptz: /^(infinity|\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}(\.\d{1,6})?[+-]\d{2}(:\d{2})?)$/,
    int: /^-?\d{1,9}$/,
    uuid: /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/,
  };
  if (!order.keys.every((k, i) => patterns[k.type].test(keys[i] as string))) throw badCursor();
  const row = sql.join(
    order.keys.map((k) => k.expr),
    sql`, `,
  );
  const values = sql.join(
    order.keys.map((k, i) => sql`${keys[i] as string}::${sql.raw(k.type)}`),
    sql`, `,
  );
  return sql`(${row}) ${sql.raw(order.direction === 'asc' ? '>' : '<')} (${values})`;
}
