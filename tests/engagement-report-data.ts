import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { departments, engagements, engagementStagePeriods, leads, quotes, tasks } from '../db/schema/index.ts';
import type { LeadSource, ServiceCategory } from '../domain/leads.ts';
import type { EngagementStage } from '../workflows/engagement/messages.ts';

// A known set of engagements for the reports, written straight into the tables (no workflow runs):
// the figures each report must give are worked out by hand in tests/engagement-reports.test.ts.

const hourMs = 3_600_000;
const later = (from: Date, hours: number) => new Date(from.getTime() + hours * hourMs);

interface Stay {
  stage: EngagementStage;
  hours: number | 'open';
  round?: number;
}

interface TaskSpec {
  step: string;
  status: 'open' | 'completed' | 'cancelled';
  dueAt: Date | null;
  completedAt?: Date;
  escalationLevel?: number;
}

interface EngagementSpec {
  source: LeadSource;
  serviceCategory: ServiceCategory;
  departmentIds: string[];
  capturedAt: string;
  status: 'open' | 'lost' | 'delivered';
  stays: Stay[];
  tasks?: TaskSpec[];
  acceptedQuotes?: { totalMinor: number; currency: string; decidedAt: string }[];
}

/** Writes one engagement: its lead, its stays one after the other from the capture, its tasks and quotes. */
export async function insertEngagement(db: Db, orgId: string, ownerId: string, spec: EngagementSpec): Promise<string> {
  const id = randomUUID();
  const capturedAt = new Date(spec.capturedAt);
  await db.insert(leads).values({
    id,
    orgId,
    contactName: `Report lead ${id.slice(0, 6)}`,
    source: spec.source,
    serviceCategory: spec.serviceCategory,
    currency: 'EUR',
    score: 0,
    capturedVia: 'staff',
    createdAt: capturedAt,
  });
  let enteredAt = capturedAt;
  const periods = spec.stays.map(({ stage, hours, round }) => {
    const leftAt = hours === 'open' ? null : later(enteredAt, hours);
    const period = { orgId, engagementId: id, stage, round: round ?? 1, enteredAt, leftAt };
    enteredAt = leftAt ?? enteredAt;
    return period;
  });
  const last = spec.stays.at(-1)!;
  await db.insert(engagements).values({
    id,
    orgId,
    leadId: id,
    title: `Report engagement ${id.slice(0, 6)}`,
    serviceCategory: spec.serviceCategory,
    ownerId,
    stage: spec.status === 'open' ? last.stage : 'closed',
    status: spec.status,
    currency: 'EUR',
    departmentIds: spec.departmentIds,
    stageEnteredAt: enteredAt,
    createdAt: capturedAt,
  });
  await db.insert(engagementStagePeriods).values(periods);
  if (spec.tasks?.length) {
    await db.insert(tasks).values(
      spec.tasks.map((t, i) => ({
        orgId,
        workflowId: `engagement-${id}`,
        taskKey: `${t.step}#${i}`,
        step: t.step,
        kind: 'engagement-report-test',
        title: `Task ${t.step}`,
        caseType: 'engagement',
        caseId: id,
        permission: 'tasks:work',
        status: t.status,
        form: { fields: [] },
        dueAt: t.dueAt,
        completedAt: t.completedAt ?? null,
        escalationLevel: t.escalationLevel ?? 0,
      })),
    );
  }
  for (const [i, quote] of (spec.acceptedQuotes ?? []).entries()) {
    await db.insert(quotes).values({
      orgId,
      engagementId: id,
      version: i + 1,
      lines: [],
      subtotalMinor: quote.totalMinor,
      discountMinor: 0,
      taxMinor: 0,
      totalMinor: quote.totalMinor,
      currency: quote.currency,
      status: 'accepted',
      preparedById: ownerId,
      decidedAt: new Date(quote.decidedAt),
    });
  }
  return id;
}

export async function departmentIdOf(db: Db, orgId: string, name: string): Promise<string> {
  await db.insert(departments).values({ orgId, name }).onConflictDoNothing();
  const [row] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.orgId, orgId), eq(departments.name, name)));
  return row!.id;
}

/**
 * The data set the reports test works out by hand (the organisation's zone: Europe/Berlin).
 * `now` is the API's clock: open tasks are overdue or not against it.
 */
export async function insertReportDataSet(db: Db, orgId: string, ownerId: string, now: Date) {
  const [delivery, support, formula] = await Promise.all([
    departmentIdOf(db, orgId, 'Delivery'),
    departmentIdOf(db, orgId, 'Support'),
    // A name a spreadsheet would run as a formula: the CSV must neutralise it.
    departmentIdOf(db, orgId, '=HYPERLINK("http://evil.example")'),
  ]);
  const t = (iso: string) => new Date(iso);
  const wholeJourney: Stay[] = [
    { stage: 'qualification', hours: 1 },
    { stage: 'quote', hours: 1 },
    { stage: 'client-answer', hours: 1 },
    { stage: 'onboarding', hours: 1 },
    { stage: 'validation', hours: 1 },
    // Sent back once: a second stay in onboarding, of two hours.
    { stage: 'onboarding', hours: 2, round: 2 },
    { stage: 'validation', hours: 1, round: 2 },
    { stage: 'approvals', hours: 1 },
    { stage: 'breakdown', hours: 1 },
    { stage: 'execution', hours: 1 },
    { stage: 'qa', hours: 1 },
    { stage: 'delivery', hours: 1 },
  ];
  const delivered = await insertEngagement(db, orgId, ownerId, {
    source: 'referral',
    serviceCategory: 'web',
    departmentIds: [delivery],
    capturedAt: '2026-01-05T09:00:00Z',
    status: 'delivered',
    stays: wholeJourney,
    tasks: [
      { step: 'qualification', status: 'completed', dueAt: t('2026-01-05T12:00:00Z'), completedAt: t('2026-01-05T10:00:00Z') },
      { step: 'quote', status: 'completed', dueAt: t('2026-01-05T12:00:00Z'), completedAt: t('2026-01-05T13:00:00Z') },
      {
        step: 'item:design:r1/work',
        status: 'completed',
        dueAt: t('2026-01-06T12:00:00Z'),
        completedAt: t('2026-01-07T12:00:00Z'),
        escalationLevel: 1,
      },
      {
        step: 'approval',
        status: 'completed',
        dueAt: t('2026-01-06T12:00:00Z'),
        completedAt: t('2026-01-06T11:00:00Z'),
        escalationLevel: 1,
      },
      // Withdrawn past its due time: no breach.
      { step: 'item:design:r1/review', status: 'cancelled', dueAt: t('2026-01-06T12:00:00Z') },
    ],
    // 23:30 UTC on 31 January is 00:30 on 1 February in Berlin: February's.
    acceptedQuotes: [{ totalMinor: 100_000, currency: 'EUR', decidedAt: '2026-01-31T23:30:00Z' }],
  });
  const onboarding = await insertEngagement(db, orgId, ownerId, {
    source: 'referral',
    serviceCategory: 'seo',
    departmentIds: [delivery, support],
    capturedAt: '2026-01-20T09:00:00Z',
    status: 'open',
    stays: [
      { stage: 'qualification', hours: 2 },
      { stage: 'quote', hours: 3 },
      { stage: 'client-answer', hours: 1 },
      { stage: 'onboarding', hours: 'open' },
    ],
    tasks: [
      { step: 'qualification', status: 'completed', dueAt: t('2026-01-21T09:00:00Z'), completedAt: t('2026-01-20T11:00:00Z') },
      { step: 'onboarding', status: 'open', dueAt: later(now, -1) },
    ],
    acceptedQuotes: [{ totalMinor: 250_000, currency: 'EUR', decidedAt: '2026-01-20T15:00:00Z' }],
  });
  // Captured at 00:30 on 1 February in Berlin (still 31 January in UTC).
  const disqualified = await insertEngagement(db, orgId, ownerId, {
    source: 'web_form',
    serviceCategory: 'web',
    departmentIds: [],
    capturedAt: '2026-01-31T23:30:00Z',
    status: 'lost',
    stays: [{ stage: 'qualification', hours: 3 }],
    tasks: [{ step: 'qualification', status: 'completed', dueAt: t('2026-02-01T06:00:00Z'), completedAt: t('2026-02-01T08:00:00Z') }],
  });
  const followingUp = await insertEngagement(db, orgId, ownerId, {
    source: 'web_form',
    serviceCategory: 'graphics',
    departmentIds: [formula],
    capturedAt: '2026-02-10T09:00:00Z',
    status: 'open',
    stays: [
      { stage: 'qualification', hours: 4 },
      { stage: 'follow-up', hours: 'open' },
    ],
    tasks: [{ step: 'qualification', status: 'open', dueAt: null }],
  });
  const lost = await insertEngagement(db, orgId, ownerId, {
    source: 'event',
    serviceCategory: 'web',
    departmentIds: [],
    capturedAt: '2026-02-20T09:00:00Z',
    status: 'lost',
    stays: [{ stage: 'qualification', hours: 5 }],
    acceptedQuotes: [{ totalMinor: 50_000, currency: 'USD', decidedAt: '2026-04-15T10:00:00Z' }],
  });
  const qualifying = await insertEngagement(db, orgId, ownerId, {
    source: 'event',
    serviceCategory: 'web',
    departmentIds: [],
    capturedAt: '2026-03-01T09:00:00Z',
    status: 'open',
    // Still being qualified: a stay with no end, which no cycle time counts.
    stays: [{ stage: 'qualification', hours: 'open' }],
    acceptedQuotes: [{ totalMinor: 30_000, currency: 'EUR', decidedAt: '2026-04-10T10:00:00Z' }],
  });
  // A leave approval of the same organisation, late and escalated: not an engagement's.
  await db.insert(tasks).values({
    orgId,
    workflowId: `leave-${randomUUID()}`,
    taskKey: 'approval',
    step: 'qualification',
    kind: 'leave-approval',
    title: 'Leave',
    caseType: 'leave',
    caseId: randomUUID(),
    permission: 'leave:approve',
    status: 'open',
    form: { fields: [] },
    dueAt: later(now, -5),
    escalationLevel: 2,
  });
  return {
    departments: { delivery, support, formula },
    engagements: { delivered, onboarding, disqualified, followingUp, lost, qualifying },
  };
}
