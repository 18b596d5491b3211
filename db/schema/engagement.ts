import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import type { QuoteLine } from '../../domain/quote.ts';
import type { ScoreRule } from '../../domain/lead-score.ts';
import { leadSources, serviceCategories } from '../../domain/leads.ts';
import { createdAt, id, instant } from './columns.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/** Hours each stage's task may take before it is due; a reminder at due, an escalation after as long again. */
export type StageSlaHours = Partial<Record<string, number>>;

/** What an organisation tunes about its engagements; a missing row means the defaults in api/engagement/settings.ts. */
export const engagementSettings = pgTable('engagement_settings', {
  orgId: uuid('org_id').primaryKey(),
  currency: text('currency').notNull().default('EUR'),
  scoreRules: jsonb('score_rules').$type<ScoreRule[]>().notNull(),
  /** Quotes whose total is above this need a sales manager's approval before they go out. */
  quoteApprovalAboveMinor: integer('quote_approval_above_minor').notNull(),
  quoteValidDays: integer('quote_valid_days').notNull().default(30),
  /** Days after delivery when the maintenance or upsell follow-up falls due. */
  followUpAfterDays: integer('follow_up_after_days').notNull().default(90),
  stageSlaHours: jsonb('stage_sla_hours').$type<StageSlaHours>().notNull(),
  updatedAt: instant('updated_at').notNull().defaultNow(),
});

/** A lead as it came in; it keeps its history when it becomes a client. */
export const leads = pgTable(
  'leads',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    contactName: text('contact_name').notNull(),
    /** Lower-cased, for duplicate checks. */
    email: text('email'),
    /** Digits only (a leading + kept), for duplicate checks. */
    phone: text('phone'),
    company: text('company'),
    source: text('source', { enum: leadSources }).notNull(),
    serviceCategory: text('service_category', { enum: serviceCategories }).notNull(),
    budgetMinor: integer('budget_minor'),
    currency: text('currency').notNull(),
    notes: text('notes'),
    score: integer('score').notNull(),
    /** An earlier lead with the same e-mail or phone: flagged for people to judge, never merged silently. */
    possibleDuplicateOfId: uuid('possible_duplicate_of_id'),
    capturedById: uuid('captured_by_id').references(() => users.id),
    capturedVia: text('captured_via', { enum: ['staff', 'web_form', 'api'] }).notNull(),
    createdAt: createdAt(),
  },
  (t) => [index('leads_org_email').on(t.orgId, t.email), index('leads_org_phone').on(t.orgId, t.phone)],
);

export const clients = pgTable(
  'clients',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    /** The lead it was converted from: one client per lead, however often the conversion is retried. */
    fromLeadId: uuid('from_lead_id')
      .notNull()
      .references(() => leads.id)
      .unique('clients_from_lead'),
    tags: text('tags')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    createdAt: createdAt(),
  },
  (t) => [index('clients_org_name').on(t.orgId, t.name)],
);

export const clientContacts = pgTable(
  'client_contacts',
  {
    id: id(),
    orgId: orgId(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    name: text('name').notNull(),
    email: text('email'),
    phone: text('phone'),
    /** The contact's portal sign-in, once invited. */
    userId: uuid('user_id').references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('client_contacts_client').on(t.clientId), unique('client_contacts_client_email').on(t.clientId, t.email)],
);

export const engagementStatuses = ['open', 'on_hold', 'lost', 'cancelled', 'delivered'] as const;
export type EngagementStatus = (typeof engagementStatuses)[number];

/** One client journey: the case its workflow `engagement-<id>` runs. */
export const engagements = pgTable(
  'engagements',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    leadId: uuid('lead_id')
      .notNull()
      .references(() => leads.id)
      .unique('engagements_lead'),
    clientId: uuid('client_id').references(() => clients.id),
    title: text('title').notNull(),
    serviceCategory: text('service_category', { enum: serviceCategories }).notNull(),
    /** Whom the engagement's tasks are about: the person who captured it, else the organisation's first admin. */
    ownerId: uuid('owner_id')
      .notNull()
      .references(() => users.id),
    stage: text('stage').notNull(),
    status: text('status', { enum: engagementStatuses }).notNull(),
    /** The accepted quote's total (or the latest quote's, before acceptance). */
    valueMinor: integer('value_minor'),
    currency: text('currency').notNull(),
    departmentIds: uuid('department_ids')
      .array()
      .notNull()
      .default(sql`'{}'::uuid[]`),
    requirements: text('requirements'),
    closedReason: text('closed_reason'),
    stageEnteredAt: instant('stage_entered_at').notNull().defaultNow(),
    createdAt: createdAt(),
    closedAt: instant('closed_at'),
  },
  (t) => [index('engagements_org_stage').on(t.orgId, t.stage), index('engagements_org_client').on(t.orgId, t.clientId)],
);

/** Each stay in a stage, for cycle times: a send-back opens a new round of the stage it returns to. */
export const engagementStagePeriods = pgTable(
  'engagement_stage_periods',
  {
    id: id(),
    orgId: orgId(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    stage: text('stage').notNull(),
    round: integer('round').notNull(),
    enteredAt: instant('entered_at').notNull(),
    leftAt: instant('left_at'),
  },
  (t) => [unique('engagement_stage_periods_round').on(t.engagementId, t.stage, t.round)],
);

export const quoteStatuses = ['awaiting_approval', 'sent', 'accepted', 'declined', 'superseded'] as const;
export type QuoteStatus = (typeof quoteStatuses)[number];

export const quotes = pgTable(
  'quotes',
  {
    id: id(),
    orgId: orgId(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    version: integer('version').notNull(),
    lines: jsonb('lines').$type<QuoteLine[]>().notNull(),
    subtotalMinor: integer('subtotal_minor').notNull(),
    discountMinor: integer('discount_minor').notNull(),
    taxMinor: integer('tax_minor').notNull(),
    totalMinor: integer('total_minor').notNull(),
    currency: text('currency').notNull(),
    status: text('status', { enum: quoteStatuses }).notNull(),
    preparedById: uuid('prepared_by_id')
      .notNull()
      .references(() => users.id),
    approvedById: uuid('approved_by_id').references(() => users.id),
    sentAt: instant('sent_at'),
    /**
     * The client's answer link is a capability: 32 random bytes in the e-mailed URL, only their
     * SHA-256 here, valid until `expiresAt` and only while this version is the one sent.
     */
    answerTokenHash: text('answer_token_hash').unique('quotes_answer_token'),
    expiresAt: instant('expires_at'),
    decidedAt: instant('decided_at'),
    decidedVia: text('decided_via', { enum: ['link', 'staff'] }),
    createdAt: createdAt(),
  },
  (t) => [unique('quotes_engagement_version').on(t.engagementId, t.version)],
);

export const workItemStatuses = ['todo', 'in_progress', 'review', 'done'] as const;
export type WorkItemStatus = (typeof workItemStatuses)[number];

/** A task or sub-task of an engagement's work breakdown; its execution is a child workflow. */
export const workItems = pgTable(
  'work_items',
  {
    id: id(),
    orgId: orgId(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    /** The plan's own key ("design"), unique in the engagement: dependencies name it. */
    key: text('key').notNull(),
    parentKey: text('parent_key'),
    title: text('title').notNull(),
    assigneeId: uuid('assignee_id')
      .notNull()
      .references(() => users.id),
    estimateMinutes: integer('estimate_minutes').notNull(),
    dueOn: date('due_on', { mode: 'string' }),
    priority: text('priority').notNull(),
    dependsOn: text('depends_on')
      .array()
      .notNull()
      .default(sql`'{}'::text[]`),
    status: text('status', { enum: workItemStatuses }).notNull(),
    /** How many times QA or the client sent it back. */
    round: integer('round').notNull().default(1),
    loggedMinutes: integer('logged_minutes').notNull().default(0),
    createdAt: createdAt(),
    updatedAt: instant('updated_at').notNull().defaultNow(),
  },
  (t) => [unique('work_items_engagement_key').on(t.engagementId, t.key)],
);

export const timeEntries = pgTable(
  'time_entries',
  {
    id: id(),
    orgId: orgId(),
    workItemId: uuid('work_item_id')
      .notNull()
      .references(() => workItems.id),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    minutes: integer('minutes').notNull(),
    loggedOn: date('logged_on', { mode: 'string' }).notNull(),
    note: text('note'),
    /** The client's id for the entry: a double-clicked or retried log is one entry. */
    entryKey: text('entry_key').notNull().unique('time_entries_entry_key'),
    createdAt: createdAt(),
  },
  (t) => [index('time_entries_item').on(t.workItemId)],
);

/** A reminder to get back to a client (after delivery: maintenance or upsell). */
export const clientFollowUps = pgTable(
  'client_follow_ups',
  {
    id: id(),
    orgId: orgId(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    engagementId: uuid('engagement_id').references(() => engagements.id),
    dueOn: date('due_on', { mode: 'string' }).notNull(),
    subject: text('subject').notNull(),
    ownerId: uuid('owner_id').references(() => users.id),
    doneAt: instant('done_at'),
    /** Written once per source (a delivered engagement), whatever the retries. */
    sourceKey: text('source_key').unique('client_follow_ups_source_key'),
    createdAt: createdAt(),
  },
  (t) => [index('client_follow_ups_org_due').on(t.orgId, t.dueOn), index('client_follow_ups_client').on(t.clientId, t.dueOn)],
);

export type Lead = typeof leads.$inferSelect;
export type Engagement = typeof engagements.$inferSelect;
export type Quote = typeof quotes.$inferSelect;
export type WorkItem = typeof workItems.$inferSelect;
