// The inbox's SQL: which tasks a person may see, the filters, the orders and their cursors. Each
// branch of "may see" is its own index lookup, united, because one `or` across tasks and
// task_candidates makes PostgreSQL scan every task of the organisation.
import { sql, type SQL } from 'drizzle-orm';
import type { Principal } from '../../db/queries/principal.ts';
import { taskCandidates, tasks } from '../../db/schema/index.ts';
import { HttpError } from '../errors.ts';
import type { InboxFilters } from './schemas.ts';

export type Viewer = Pick<Principal, 'id' | 'orgId' | 'roles' | 'departmentId'>;

/** Open tasks offered to, held by, delegated to, or still decidable by the viewer. */
function openTaskIds(v: Viewer): SQL {
  const offered = (who: SQL) => sql`
    select c.task_id from ${taskCandidates} c join ${tasks} t on t.id = c.task_id
     where c.org_id = ${v.orgId} and c.relation = 'candidate' and ${who} and t.status = 'open' and t.assignee_id is null`;
  const branches = [
    sql`select id from ${tasks} where org_id = ${v.orgId} and assignee_id = ${v.id} and status = 'open'`,
    sql`select id from ${tasks} where org_id = ${v.orgId} and delegate_id = ${v.id} and status = 'open'`,
    sql`select c.task_id from ${taskCandidates} c join ${tasks} t on t.id = c.task_id
         where c.org_id = ${v.orgId} and c.relation = 'also' and c.user_id = ${v.id} and t.status = 'open'`,
    offered(sql`c.user_id = ${v.id}`),
  ];
  if (v.roles.length > 0) {
    const roles = sql`c.role in (${sql.join(
      v.roles.map((r) => sql`${r}`),
      sql`, `,
    )})`;
    branches.push(
      offered(
        v.departmentId
          ? sql`${roles} and (c.department_id is null or c.department_id = ${v.departmentId})`
          : sql`${roles} and c.department_id is null`,
      ),
    );
  }
  if (v.departmentId) branches.push(offered(sql`c.role is null and c.department_id = ${v.departmentId}`));
  return sql.join(branches, sql` union `);
}

/** Closed tasks the viewer decided, held, or could still decide when they closed. */
function doneTaskIds(v: Viewer): SQL {
  return sql`
    select id from ${tasks} where org_id = ${v.orgId} and completed_by = ${v.id} and status <> 'open'
    union select id from ${tasks} where org_id = ${v.orgId} and assignee_id = ${v.id} and status <> 'open'
    union select c.task_id from ${taskCandidates} c join ${tasks} t on t.id = c.task_id
     where c.org_id = ${v.orgId} and c.relation = 'also' and c.user_id = ${v.id} and t.status <> 'open'`;
}

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

const list = (values: string[]) =>
  sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  );

/** The tasks the viewer may see in `filters.status`, narrowed by the filters: a `where` for `tasks t`. */
export function visibleAndFiltered(v: Viewer, filters: InboxFilters): SQL {
  const open = filters.status === 'open';
  const conditions: SQL[] = [
    sql`t.org_id = ${v.orgId}`,
    // An array, not `in (subquery)`: the planner then looks the few ids up by key, where a join
    // estimate can tip it into scanning a million tasks.
    sql`t.id = any(array(${open ? openTaskIds(v) : doneTaskIds(v)}))`,
    // One lookup of the cases the viewer is excluded from (their own, usually few), not one per task.
    sql`t.id not in (select x.task_id from ${taskCandidates} x
                      where x.org_id = ${v.orgId} and x.user_id = ${v.id} and x.relation = 'excluded')`,
  ];
  if (filters.caseType) conditions.push(sql`t.case_type in (${list(filters.caseType)})`);
  if (filters.kind) conditions.push(sql`t.kind in (${list(filters.kind)})`);
  if (filters.step) conditions.push(sql`t.step in (${list(filters.step)})`);
  if (filters.priority) conditions.push(sql`t.priority in (${list(filters.priority)})`);
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
  return sql.join(conditions, sql` and `);
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

const priorityRank = sql`case t.priority when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end`;
const dueOrNever = sql`coalesce(t.due_at, 'infinity'::timestamptz)`;
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
