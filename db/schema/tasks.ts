import { index, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

export const taskStatuses = ['open', 'completed', 'cancelled'] as const;
export type TaskStatus = (typeof taskStatuses)[number];

// The inbox's view of the human-task primitive; the workflow owns the truth and writes this
// row through activities, keyed by (workflow id, task key).
export const tasks = pgTable(
  'tasks',
  {
    id: id(),
    orgId: orgId(),
    workflowId: text('workflow_id').notNull(),
    taskKey: text('task_key').notNull(),
    kind: text('kind').notNull(),
    title: text('title').notNull(),
    caseType: text('case_type').notNull(),
    caseId: text('case_id').notNull(),
    assigneeId: uuid('assignee_id').references(() => users.id),
    // Others who may also act, e.g. the original manager after escalation.
    alsoAllowedIds: uuid('also_allowed_ids').array().notNull().default([]),
    candidateRole: text('candidate_role'),
    status: text('status', { enum: taskStatuses }).notNull().default('open'),
    form: jsonb('form').notNull(),
    dueAt: instant('due_at'),
    escalatedAt: instant('escalated_at'),
    outcome: jsonb('outcome'),
    completedBy: uuid('completed_by').references(() => users.id),
    completedAt: instant('completed_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('tasks_workflow_task_key').on(t.workflowId, t.taskKey),
    index('tasks_org_assignee_status').on(t.orgId, t.assigneeId, t.status),
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
export type CaseEvent = typeof caseEvents.$inferSelect;
