import { randomUUID } from 'node:crypto';
import { WithStartWorkflowOperation } from '@temporalio/client';
import { and, asc, eq, or, sql } from 'drizzle-orm';
import type { Principal } from '../../db/queries/principal.ts';
import { leads, organizations, users } from '../../db/schema/index.ts';
import { leadScore } from '../../domain/lead-score.ts';
import { comparableEmail, comparablePhone, serviceCategoryLabels, type LeadSource } from '../../domain/leads.ts';
import { CaseStage, CaseStatus, CaseType, OrgId } from '../../temporal/search-attributes.ts';
import { captureLeadUpdate, engagementWorkflowId, type EngagementInput } from '../../workflows/engagement/messages.ts';
import { engagementWorkflow } from '../../workflows/engagement/workflow.ts';
import type { ApiDeps } from '../context.ts';
import { HttpError } from '../errors.ts';
import { commandProcess } from '../temporal-errors.ts';
import type { LeadForm } from './schemas.ts';
import { engagementSettingsOf, policyOf } from './settings.ts';

const captureDeadlineMs = 15_000;

export interface Capture {
  orgId: string;
  /** The staff member who captured it; null for the public form and API. */
  capturedBy: Principal | null;
  via: 'staff' | 'web_form' | 'api';
  form: Omit<LeadForm, 'source'> & { source: LeadSource };
  address: string | null;
}

/** An earlier lead of the organisation with the same e-mail or phone: flagged, never merged. */
async function earlierLeadLike(deps: ApiDeps, orgId: string, email: string | null, phone: string | null): Promise<string | null> {
  if (!email && !phone) return null;
  const [earlier] = await deps.db
    .select({ id: leads.id })
    .from(leads)
    .where(and(eq(leads.orgId, orgId), or(email ? eq(leads.email, email) : undefined, phone ? eq(leads.phone, phone) : undefined)))
    .orderBy(asc(leads.createdAt))
    .limit(1);
  return earlier?.id ?? null;
}

/** Whom a lead from outside is about until someone takes it: the organisation's first process owner or admin. */
async function defaultOwner(deps: ApiDeps, orgId: string) {
  const [owner] = await deps.db
    .select()
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.active, true), sql`${users.roles} && array['process_owner', 'admin']::text[]`))
    .orderBy(asc(users.createdAt))
    .limit(1);
  if (!owner) throw new HttpError(503, 'no_owner', 'The organisation has nobody to take leads yet.');
  return owner;
}

/**
 * Scores the lead, flags a possible duplicate, and starts its engagement's process, waiting until
 * the process has recorded the lead. The lead's id is the engagement's: a retried capture with the
 * same id joins the process it started.
 */
export async function captureLead(deps: ApiDeps, capture: Capture): Promise<{ engagementId: string; created: boolean }> {
  const { db, temporal, config } = deps;
  const leadId = capture.form.leadId ?? randomUUID();
  const [existing] = await db.select({ orgId: leads.orgId }).from(leads).where(eq(leads.id, leadId));
  if (existing) {
    if (existing.orgId !== capture.orgId) throw new HttpError(409, 'lead_id_taken', 'This lead id is already in use.');
    return { engagementId: leadId, created: false };
  }
  const [settings, [organization]] = await Promise.all([
    engagementSettingsOf(db, capture.orgId),
    db.select().from(organizations).where(eq(organizations.id, capture.orgId)),
  ]);
  if (!organization) throw new HttpError(404, 'not_found', 'There is no such organisation.');
  const email = comparableEmail(capture.form.email);
  const phone = comparablePhone(capture.form.phone);
  const { form } = capture;
  const lead = {
    source: form.source,
    serviceCategory: form.serviceCategory,
    budgetMinor: form.budgetMinor ?? null,
    company: form.company,
    phone,
  };
  const owner = capture.capturedBy ?? (await defaultOwner(deps, capture.orgId));
  const preparer = capture.capturedBy?.grants.has('quotes:prepare') ? capture.capturedBy : null;
  const input: EngagementInput = {
    engagementId: leadId,
    orgId: capture.orgId,
    title: `${serviceCategoryLabels[form.serviceCategory]} for ${form.company ?? form.contactName}`,
    lead: {
      leadId,
      contactName: form.contactName,
      email,
      phone,
      company: form.company,
      source: form.source,
      serviceCategory: form.serviceCategory,
      budgetMinor: form.budgetMinor ?? null,
      currency: settings.currency,
      notes: form.notes,
      score: leadScore(settings.scoreRules, lead),
      possibleDuplicateOfId: await earlierLeadLike(deps, capture.orgId, email, phone),
      capturedVia: capture.via,
    },
    owner: { id: owner.id, name: owner.name, email: owner.email },
    salesAgent: preparer ? { id: preparer.id, name: preparer.name, email: preparer.email, permissions: ['quotes:prepare'] } : null,
    capturedBy: capture.capturedBy ? { id: capture.capturedBy.id, name: capture.capturedBy.name, email: capture.capturedBy.email } : null,
    capturedFrom: capture.address,
    capturedAt: new Date().toISOString(),
    timeZone: organization.timeZone,
    policy: policyOf(settings),
  };
  const start = new WithStartWorkflowOperation(engagementWorkflow, {
    workflowId: engagementWorkflowId(leadId),
    taskQueue: config.temporal.taskQueue,
    args: [input],
    workflowIdConflictPolicy: 'USE_EXISTING',
    // Names, contacts and amounts stay in the encrypted input and the platform's pages.
    staticSummary: `Engagement ${leadId}`,
    staticDetails: `Organisation ${capture.orgId}, ${form.serviceCategory}, captured via ${capture.via}.`,
    typedSearchAttributes: [
      { key: CaseType, value: 'engagement' },
      { key: CaseStatus, value: 'open' },
      { key: CaseStage, value: 'qualification' },
      { key: OrgId, value: capture.orgId },
    ],
  });
  await commandProcess(temporal, {}, () =>
    temporal.connection.withDeadline(Date.now() + captureDeadlineMs, () =>
      temporal.workflow.executeUpdateWithStart(captureLeadUpdate, { startWorkflowOperation: start, updateId: 'capture' }),
    ),
  );
  return { engagementId: leadId, created: true };
}
