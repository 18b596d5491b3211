import { sql, type SQL } from 'drizzle-orm';
import { customType, index, integer, jsonb, pgTable, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import type { TaskForm } from '../../workflows/human-task/form.ts';
import { createdAt, id, instant } from './columns.ts';
import { departments, orgId } from './organizations.ts';
import { users } from './users.ts';

const tsvector = customType<{ data: string }>({ dataType: () => 'tsvector' });

export const taskStatuses = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];
export const taskPriorities = ['low', 'normal', 'high', 'urgent'] as const;

/**
 * The inbox's due order (its default) as expressions: its queries (api/tasks/inbox-sql.ts) and the
 * indexes below use these same ones, because PostgreSQL reads an expression index only for the
 * very expression it was built on.
 */
export const dueOrNever = (dueAt: AnyPgColumn | SQL) => sql`coalesce(${dueAt}, 'infinity'::timestamptz)`;
export const priorityRank = (priority: AnyPgColumn | SQL) =>
  sql`(case ${priority} when 'urgent' then 0 when 'high' then 1 when 'normal' then 2 else 3 end)`;

// The inbox's view of the human-task kit; the workflow owns the truth and writes this row through
// its activity, keyed by (workflow id, task key), and only ever with a newer version.
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    orgId: orgId(),
    workflowId: text('workflow_id').notNull(),
    taskKey: text('task_key').notNull(),
    step: text('step').notNull(),
    round: integer('round').notNull().default(1),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    caseType: text('case_type').notNull(),
    caseId: text('case_id').notNull(),
    /** Whom the case is about (the requester): the task's permission must cover them. */
    subjectId: uuid('subject_id').references(() => users.id),
    permission: text('permission').notNull(),
    /** Who holds it now; null while it waits in its queue. */
    assigneeId: uuid('assignee_id').references(() => users.id),
    /** Working on it for the holder, who stays accountable. */
    delegateId: uuid('delegate_id').references(() => users.id),
    queueLabel: text('queue_label'),
    candidateRole: text('candidate_role'),
    candidateDepartmentId: uuid('candidate_department_id').references(() => departments.id),
    priority: text('priority', { enum: taskPriorities }).notNull().default('normal'),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    form: jsonb('form').$type<TaskForm>().notNull(),
    note: text('note'),
    dueAt: instant('due_at'),
    escalationLevel: integer('escalation_level').notNull().default(0),
    escalatedAt: instant('escalated_at'),
    /** The holder is standing in for this person while they are away; it goes back when they return. */
    standingInForId: uuid('standing_in_for_id').references(() => users.id),
    outcome: jsonb('outcome'),
    completedBy: uuid('completed_by').references(() => users.id),
    completedAt: instant('completed_at'),
    version: integer('version').notNull().default(1),
    /** The case's business fields as its case type declares them, for inbox rows, filters and search. */
    caseFields: jsonb('case_fields').$type<Record<string, string | number | null>>().notNull().default({}),
    /** Full-text search over the title and the fields' values ('simple': names are not stemmed). */
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple', title), 'A') || jsonb_to_tsvector('simple', case_fields, '["string", "numeric"]')`,
    ),
    createdAt: createdAt(),
  },
  (t) => [
    unique('tasks_workflow_task_key').on(t.workflowId, t.taskKey),
    index('tasks_org_assignee_status').on(t.orgId, t.assigneeId, t.status),
    index('tasks_org_delegate')
      .on(t.orgId, t.delegateId)
      .where(sql`${t.delegateId} is not null`),
    // A holder's and a delegate's open tasks, already in due order: the inbox's page reads its 50
    // rows from each and stops, where sorting every open task they have needs each one's row.
    index('tasks_open_held_due')
      .on(t.orgId, t.assigneeId, dueOrNever(t.dueAt), priorityRank(t.priority), t.createdAt, t.id)
      .where(sql`${t.status} = 'open' and ${t.assigneeId} is not null`),
    index('tasks_open_delegated_due')
      .on(t.orgId, t.delegateId, dueOrNever(t.dueAt), priorityRank(t.priority), t.createdAt, t.id)
      .where(sql`${t.status} = 'open' and ${t.delegateId} is not null`),
    index('tasks_org_completed_by').on(t.orgId, t.completedBy, t.completedAt),
    index('tasks_org_case').on(t.orgId, t.caseType, t.caseId),
  ],
);

export const candidateRelations = ['candidate', 'also', 'excluded'] as const;

/**
 * Who may see or act on an open task besides its holder, one row per person, role or department,
 * so the inbox's "offered to me" query is an index lookup (never `= any(array column)`).
 * `candidate`: offered while queued; `also`: may still decide while someone else holds it;
 * `excluded`: never (the person who started the case).
 */
export const taskCandidates = pgTable(
  'task_candidates',
  {
    id: id(),
    orgId: orgId(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    relation: text('relation', { enum: candidateRelations }).notNull(),
    userId: uuid('user_id').references(() => users.id),
    role: text('role'),
    departmentId: uuid('department_id').references(() => departments.id),
  },
  (t) => [
    index('task_candidates_task').on(t.taskId),
    index('task_candidates_org_user')
      .on(t.orgId, t.userId)
      .where(sql`${t.userId} is not null`),
    index('task_candidates_org_role')
      .on(t.orgId, t.role, t.departmentId)
      .where(sql`${t.role} is not null`),
    index('task_candidates_org_department')
      .on(t.orgId, t.departmentId)
      .where(sql`${t.role} is null and ${t.departmentId} is not null`),
  ],
);

// A case's timeline: submitted, reminded, escalated, decided... One row per event key.
export const caseEvents = pgTable(
  'case_events',
  {
    id: id(),
    orgId: orgId(),
    caseId: text('case_id').notNull(),
    eventKey: text('event_key').notNull(),
    kind: text('kind').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    note: text('note'),
    at: instant('at').notNull(),
  },
  (t) => [unique('case_events_case_event_key').on(t.caseId, t.eventKey), index('case_events_org_case').on(t.orgId, t.caseId)],
);

export type TaskRow = typeof tasks.$inferSelect;
export type TaskCandidate = typeof taskCandidates.$inferSelect;
export type CaseEvent = typeof caseEvents.$inferSelect;
