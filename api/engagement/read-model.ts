import { and, asc, desc, eq, inArray, sql, type SQL } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import {
  clientContacts,
  clients,
  departments,
  engagements,
  leads,
  quotes,
  tasks,
  users,
  workItems,
  type Engagement,
} from '../../db/schema/index.ts';
import { quoteTotals } from '../../domain/quote.ts';
import { feedbackOn } from './feedback.ts';
import type { z } from 'zod';
import type { pipelineQuery } from './schemas.ts';
import { engagementSettingsOf } from './settings.ts';
import { stageLabel, stagesInOrder } from './stages.ts';

const owner = alias(users, 'owner');

export async function findEngagement(db: DbOrTx, orgId: string, id: string): Promise<Engagement | undefined> {
  const [row] = await db
    .select()
    .from(engagements)
    .where(and(eq(engagements.orgId, orgId), eq(engagements.id, id)));
  return row;
}

/** Whether the person is a contact of the engagement's client with a portal sign-in. */
export async function isClientContactOf(db: DbOrTx, viewer: Principal, engagement: Pick<Engagement, 'clientId'>): Promise<boolean> {
  if (!engagement.clientId) return false;
  const [contact] = await db
    .select({ id: clientContacts.id })
    .from(clientContacts)
    .where(and(eq(clientContacts.clientId, engagement.clientId), eq(clientContacts.userId, viewer.id)));
  return Boolean(contact);
}

export const presentQuote = (q: typeof quotes.$inferSelect) => ({
  version: q.version,
  status: q.status,
  currency: q.currency,
  ...quoteTotals(q.lines),
  sentAt: q.sentAt?.toISOString() ?? null,
  expiresAt: q.expiresAt?.toISOString() ?? null,
  decidedAt: q.decidedAt?.toISOString() ?? null,
  decidedVia: q.decidedVia,
});

export const presentWorkItem = (i: typeof workItems.$inferSelect & { assigneeName: string | null }) => ({
  key: i.key,
  parentKey: i.parentKey,
  title: i.title,
  assigneeId: i.assigneeId,
  assigneeName: i.assigneeName,
  estimateMinutes: i.estimateMinutes,
  loggedMinutes: i.loggedMinutes,
  dueOn: i.dueOn,
  priority: i.priority,
  dependsOn: i.dependsOn,
  status: i.status,
  round: i.round,
});

/** The engagement's work items in the order they were planned; only one person's when `assigneeId` is given. */
export async function workItemsOf(db: DbOrTx, engagementId: string, assigneeId?: string) {
  const rows = await db
    .select({ item: workItems, assigneeName: users.name })
    .from(workItems)
    .leftJoin(users, eq(users.id, workItems.assigneeId))
    .where(and(eq(workItems.engagementId, engagementId), assigneeId ? eq(workItems.assigneeId, assigneeId) : undefined))
    .orderBy(asc(workItems.createdAt), asc(workItems.key));
  return rows.map(({ item, assigneeName }) => presentWorkItem({ ...item, assigneeName }));
}

/**
 * Who holds the engagement now: its open tasks (the work items' too, which are filed under it), each
 * with its holder's name, or the queue it waits in, and its due time.
 */
export async function openTasksOf(db: DbOrTx, orgId: string, engagementId: string) {
  const rows = await db
    .select({
      id: tasks.id,
      kind: tasks.kind,
      title: tasks.title,
      holderName: users.name,
      queueLabel: tasks.queueLabel,
      dueAt: tasks.dueAt,
    })
    .from(tasks)
    .leftJoin(users, eq(users.id, tasks.assigneeId))
    .where(and(eq(tasks.orgId, orgId), eq(tasks.caseType, 'engagement'), eq(tasks.caseId, engagementId), eq(tasks.status, 'open')))
    .orderBy(asc(tasks.createdAt), asc(tasks.id));
  return rows.map((task) => ({ ...task, dueAt: task.dueAt?.toISOString() ?? null }));
}

/** The engagement as staff see it: the lead, the client, who holds it, the quotes and the work. */
export async function engagementDetail(db: DbOrTx, engagement: Engagement) {
  const [[lead], [client], [ownerRow], openTasks, quoteRows, items, feedback] = await Promise.all([
    db.select().from(leads).where(eq(leads.id, engagement.leadId)),
    engagement.clientId ? db.select().from(clients).where(eq(clients.id, engagement.clientId)) : Promise.resolve([]),
    db.select({ name: users.name }).from(users).where(eq(users.id, engagement.ownerId)),
    openTasksOf(db, engagement.orgId, engagement.id),
    db.select().from(quotes).where(eq(quotes.engagementId, engagement.id)).orderBy(desc(quotes.version)),
    workItemsOf(db, engagement.id),
    feedbackOn(db, engagement.id),
  ]);
  return {
    ...presentEngagement(engagement),
    clientName: client?.name ?? lead?.company ?? lead?.contactName ?? null,
    ownerName: ownerRow?.name ?? null,
    requirements: engagement.requirements,
    lead: lead && {
      id: lead.id,
      contactName: lead.contactName,
      email: lead.email,
      phone: lead.phone,
      company: lead.company,
      source: lead.source,
      budgetMinor: lead.budgetMinor,
      notes: lead.notes,
      score: lead.score,
      possibleDuplicateOfId: lead.possibleDuplicateOfId,
      capturedVia: lead.capturedVia,
      createdAt: lead.createdAt.toISOString(),
    },
    client: client ? { id: client.id, name: client.name } : null,
    openTasks,
    quotes: quoteRows.map(presentQuote),
    workItems: items,
    /** What the client's contacts said after delivery. */
    feedback,
  };
}

export const presentEngagement = (e: Engagement) => ({
  id: e.id,
  title: e.title,
  serviceCategory: e.serviceCategory,
  stage: e.stage,
  stageLabel: stageLabel(e.stage),
  status: e.status,
  valueMinor: e.valueMinor,
  currency: e.currency,
  ownerId: e.ownerId,
  clientId: e.clientId,
  departmentIds: e.departmentIds,
  stageEnteredAt: e.stageEnteredAt.toISOString(),
  createdAt: e.createdAt.toISOString(),
  closedAt: e.closedAt?.toISOString() ?? null,
  closedReason: e.closedReason,
});

const pipelineLimit = 500;

type PipelineFilters = z.infer<typeof pipelineQuery>;

/**
 * The pipeline: engagements with their client's and owner's names, newest first; every stage in
 * the workflow's order with its count and value; the organisation's currency; and what the filters
 * offer (whoever owns an engagement, every department), whatever the filters chosen.
 */
export async function listPipeline(db: DbOrTx, orgId: string, filters: PipelineFilters) {
  const conditions: SQL[] = [eq(engagements.orgId, orgId)];
  if (filters.stage) conditions.push(eq(engagements.stage, filters.stage));
  if (filters.status) conditions.push(eq(engagements.status, filters.status));
  if (filters.serviceCategory) conditions.push(eq(engagements.serviceCategory, filters.serviceCategory));
  if (filters.ownerId) conditions.push(eq(engagements.ownerId, filters.ownerId));
  if (filters.departmentId) conditions.push(sql`${filters.departmentId}::uuid = any(${engagements.departmentIds})`);
  const where = and(...conditions);
  const [rows, stages, owners, departmentRows, settings] = await Promise.all([
    db
      .select({
        engagement: engagements,
        clientName: sql<string>`coalesce(${clients.name}, ${leads.company}, ${leads.contactName})`,
        ownerName: owner.name,
      })
      .from(engagements)
      .innerJoin(leads, eq(leads.id, engagements.leadId))
      .leftJoin(clients, eq(clients.id, engagements.clientId))
      .innerJoin(owner, eq(owner.id, engagements.ownerId))
      .where(where)
      .orderBy(desc(engagements.createdAt))
      .limit(pipelineLimit + 1),
    db
      .select({
        stage: engagements.stage,
        count: sql<number>`count(*)::int`,
        valueMinor: sql<number>`coalesce(sum(${engagements.valueMinor}), 0)::bigint`,
      })
      .from(engagements)
      .where(where)
      .groupBy(engagements.stage),
    db
      .selectDistinct({ id: owner.id, name: owner.name })
      .from(engagements)
      .innerJoin(owner, eq(owner.id, engagements.ownerId))
      .where(eq(engagements.orgId, orgId))
      .orderBy(asc(owner.name), asc(owner.id)),
    db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.orgId, orgId))
      .orderBy(asc(departments.name)),
    engagementSettingsOf(db, orgId),
  ]);
  return {
    engagements: rows
      .slice(0, pipelineLimit)
      .map(({ engagement, clientName, ownerName }) => ({ ...presentEngagement(engagement), clientName, ownerName })),
    /** More match than the board shows (newest first): narrow the filters. The stage counts cover all. */
    truncated: rows.length > pipelineLimit,
    stages: stagesInOrder(stages.map((s) => ({ stage: s.stage, count: s.count, valueMinor: Number(s.valueMinor) }))),
    currency: settings.currency,
    choices: { owners, departments: departmentRows },
  };
}

export async function engagementsOf(db: DbOrTx, orgId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select({ engagement: engagements, clientName: sql<string>`coalesce(${clients.name}, ${leads.company}, ${leads.contactName})` })
    .from(engagements)
    .innerJoin(leads, eq(leads.id, engagements.leadId))
    .leftJoin(clients, eq(clients.id, engagements.clientId))
    .where(and(eq(engagements.orgId, orgId), inArray(engagements.id, ids)));
}
