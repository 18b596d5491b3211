import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { bytea, createdAt, id, instant } from './columns.ts';
import { departments, orgId } from './organizations.ts';
import { tasks } from './tasks.ts';
import { users } from './users.ts';

export const notificationKinds = ['assigned', 'mentioned', 'decided', 'escalated', 'reminded', 'delegated', 'returned'] as const;
export type NotificationKind = (typeof notificationKinds)[number];

/**
 * The bell: one row per person and event, written in the same transaction as the change it tells
 * of, so a retried write adds none (unique per person and event key).
 */
export const notifications = pgTable(
  'notifications',
  {
    id: id(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    kind: text('kind', { enum: notificationKinds }).notNull(),
    taskId: uuid('task_id').references(() => tasks.id, { onDelete: 'cascade' }),
    /** What the bell shows; never free text from a form (a reason, a comment body). */
    title: text('title').notNull(),
    actorId: uuid('actor_id').references(() => users.id),
    eventKey: text('event_key').notNull(),
    readAt: instant('read_at'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('notifications_user_event').on(t.userId, t.eventKey),
    index('notifications_user_created').on(t.userId, t.createdAt),
    index('notifications_user_unread')
      .on(t.userId)
      .where(sql`${t.readAt} is null`),
  ],
);

/** A comment on a task; the client's id makes a double-clicked post one comment. */
export const taskComments = pgTable(
  'task_comments',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    body: text('body').notNull(),
    mentionedIds: uuid('mentioned_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    createdAt: createdAt(),
  },
  (t) => [index('task_comments_task').on(t.taskId, t.createdAt)],
);

/** A file attached to a task, in a table of its own (rows of `tasks` stay small). */
export const taskAttachments = pgTable(
  'task_attachments',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    taskId: uuid('task_id')
      .notNull()
      .references(() => tasks.id, { onDelete: 'cascade' }),
    commentId: uuid('comment_id').references(() => taskComments.id, { onDelete: 'cascade' }),
    uploadedBy: uuid('uploaded_by')
      .notNull()
      .references(() => users.id),
    fileName: text('file_name').notNull(),
    /** Taken from the content's signature, never from what the browser claimed. */
    contentType: text('content_type').notNull(),
    sizeBytes: integer('size_bytes').notNull(),
    sha256: text('sha256').notNull(),
    content: bytea('content').notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('task_attachments_task').on(t.taskId)],
);

/** A named inbox filter kept on the server: private, or shared with a department. */
export const savedViews = pgTable(
  'saved_views',
  {
    id: id(),
    orgId: orgId(),
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    name: text('name').notNull(),
    /** The inbox query, as `GET /api/tasks` takes it. */
    filters: jsonb('filters').$type<Record<string, unknown>>().notNull(),
    sharedWithDepartmentId: uuid('shared_with_department_id').references(() => departments.id),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [
    unique('saved_views_owner_name').on(t.ownerId, t.name),
    index('saved_views_org_department')
      .on(t.orgId, t.sharedWithDepartmentId)
      .where(sql`${t.sharedWithDepartmentId} is not null`),
  ],
);

export const emailModes = ['immediate', 'digest'] as const;

/** How a person wants to hear of tasks, and who takes theirs while they are away. */
export const userPreferences = pgTable('user_preferences', {
  userId: uuid('user_id')
    .primaryKey()
    .references(() => users.id),
  orgId: orgId(),
  emailMode: text('email_mode', { enum: emailModes }).notNull().default('immediate'),
  /** Takes tasks offered to this person while they are away; their manager when unset. */
  awayDelegateId: uuid('away_delegate_id').references(() => users.id),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/**
 * An absence a person set by hand (approved leave counts too, read from the leave process's own
 * rows): while it runs, tasks offered to them go to their delegate.
 */
export const absences = pgTable(
  'absences',
  {
    id: id(),
    orgId: orgId(),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    startsOn: date('starts_on', { mode: 'string' }).notNull(),
    endsOn: date('ends_on', { mode: 'string' }).notNull(),
    note: text('note'),
    /** Set when a process records the absence (an approved leave request): written once per source. */
    sourceKey: text('source_key').unique('absences_source_key'),
    cancelled: boolean('cancelled').notNull().default(false),
    createdAt: createdAt(),
  },
  (t) => [index('absences_user_period').on(t.userId, t.startsOn, t.endsOn)],
);
