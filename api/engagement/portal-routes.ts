import { and, asc, eq, inArray, like, or } from 'drizzle-orm';
import { Hono } from 'hono';
import { caseEvents, clientContacts, engagementFeedback, engagements, quotes } from '../../db/schema/index.ts';
import { answerDeliveryUpdate, type EngagementStage } from '../../workflows/engagement/messages.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { validate } from '../validation.ts';
import { commandEngagement } from './commands.ts';
import { presentFeedback, recordFeedback } from './feedback.ts';
import { presentQuote } from './read-model.ts';
import { deliveryAnswerSchema, engagementIdParam, feedbackSchema } from './schemas.ts';

/** Each stage as a client would say it: what is happening, not who inside does it. */
export const stageInPlainWords: Record<EngagementStage, string> = {
  qualification: 'We are looking at your request',
  'follow-up': 'We will get back to you',
  quote: 'We are preparing your quote',
  'quote-approval': 'We are preparing your quote',
  'client-answer': 'Your quote is waiting for your answer',
  onboarding: 'We are gathering your requirements',
  validation: 'We are checking your requirements',
  approvals: 'Our teams are planning your project',
  breakdown: 'Our teams are planning your project',
  execution: 'We are working on it',
  qa: 'We are checking the work',
  delivery: 'Ready for you to accept',
  closed: 'Finished',
};

// What a client may see of the timeline: the stages and the answers, never a note written inside.
const clientVisibleEvents: Record<string, string> = {
  captured: 'We received your request',
  'quote.sent': 'We sent you a quote',
  'status.delivered': 'You accepted the delivery',
};

/** The engagements of clients the signed-in person is a contact of. */
async function ownEngagements(db: AppEnv['Variables']['deps']['db'], userId: string, orgId: string) {
  const contacts = await db.select({ clientId: clientContacts.clientId }).from(clientContacts).where(eq(clientContacts.userId, userId));
  if (contacts.length === 0) return [];
  return db
    .select()
    .from(engagements)
    .where(
      and(
        eq(engagements.orgId, orgId),
        inArray(
          engagements.clientId,
          contacts.map((c) => c.clientId),
        ),
      ),
    )
    .orderBy(asc(engagements.createdAt));
}

const presentForClient = (e: typeof engagements.$inferSelect) => ({
  id: e.id,
  title: e.title,
  stage: e.stage,
  stageInWords: stageInPlainWords[e.stage as EngagementStage] ?? e.stage,
  status: e.status,
  awaitsYourAcceptance: e.stage === 'delivery' && e.status === 'open',
  createdAt: e.createdAt.toISOString(),
  closedAt: e.closedAt?.toISOString() ?? null,
});

export const portalRoutes = new Hono<AppEnv>()
  .get('/engagements', async (c) => {
    const rows = await ownEngagements(c.var.deps.db, c.var.user.id, c.var.user.orgId);
    return c.json({ engagements: rows.map(presentForClient) });
  })
  .get('/engagements/:id', validate('param', engagementIdParam), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const engagement = (await ownEngagements(db, c.var.user.id, c.var.user.orgId)).find((e) => e.id === id);
    if (!engagement) throw await deniedRecord(c, 'engagement', id);
    const [timeline, accepted, [feedback]] = await Promise.all([
      db
        .select({ kind: caseEvents.kind, at: caseEvents.at })
        .from(caseEvents)
        .where(
          and(eq(caseEvents.caseId, id), or(inArray(caseEvents.kind, Object.keys(clientVisibleEvents)), like(caseEvents.kind, 'stage.%'))),
        )
        .orderBy(asc(caseEvents.at)),
      db
        .select()
        .from(quotes)
        .where(and(eq(quotes.engagementId, id), eq(quotes.status, 'accepted'))),
      db
        .select()
        .from(engagementFeedback)
        .where(and(eq(engagementFeedback.engagementId, id), eq(engagementFeedback.userId, c.var.user.id))),
    ]);
    return c.json({
      engagement: presentForClient(engagement),
      quote: accepted[0] ? presentQuote(accepted[0]) : null,
      /** What this contact said once it was delivered; the feedback form shows while it is null and delivered. */
      yourFeedback: feedback ? presentFeedback(feedback) : null,
      timeline: timeline.map((t) => ({
        at: t.at.toISOString(),
        what: t.kind.startsWith('stage.')
          ? (stageInPlainWords[t.kind.slice(6) as EngagementStage] ?? t.kind)
          : (clientVisibleEvents[t.kind] ?? t.kind),
      })),
    });
  })
  .post('/engagements/:id/delivery', validate('param', engagementIdParam), validate('json', deliveryAnswerSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const { id } = c.req.valid('param');
    const engagement = (await ownEngagements(db, c.var.user.id, c.var.user.orgId)).find((e) => e.id === id);
    if (!engagement) throw await deniedRecord(c, 'engagement', id);
    const { accepted, changes } = c.req.valid('json');
    const state = await commandEngagement(temporal, id, (handle) =>
      handle.executeUpdate(answerDeliveryUpdate, {
        args: [{ clientUserId: c.var.user.id, accepted, changes, address: c.var.clientAddress }],
      }),
    );
    return c.json({ accepted, stage: state.stage, stageInWords: stageInPlainWords[state.stage] });
  })
  // Once per engagement and contact: a second answer is refused (409), the first one stands.
  .post('/engagements/:id/feedback', validate('param', engagementIdParam), validate('json', feedbackSchema), async (c) => {
    const { id } = c.req.valid('param');
    const engagement = (await ownEngagements(c.var.deps.db, c.var.user.id, c.var.user.orgId)).find((e) => e.id === id);
    if (!engagement) throw await deniedRecord(c, 'engagement', id);
    const feedback = await recordFeedback(c, engagement, c.req.valid('json'));
    return c.json({ feedback: presentFeedback(feedback) }, 201);
  });
