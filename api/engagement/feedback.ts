import { desc, eq } from 'drizzle-orm';
import type { Context } from 'hono';
import type { z } from 'zod';
import { recordCaseEvent } from '../../activities/case-events.ts';
import type { DbOrTx } from '../../db/client.ts';
import { recordAudit } from '../../db/queries/audit-log.ts';
import { engagementFeedback, users, type Engagement, type EngagementFeedback } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import type { feedbackSchema } from './schemas.ts';

export const presentFeedback = (f: EngagementFeedback) => ({ rating: f.rating, comment: f.comment, createdAt: f.createdAt.toISOString() });

/**
 * A contact's feedback on a delivered engagement, with its audit entry and a timeline entry for
 * staff, in one transaction. The workflow has finished by then, so nothing goes through Temporal.
 */
export async function recordFeedback(c: Context<AppEnv>, engagement: Engagement, form: z.infer<typeof feedbackSchema>) {
  if (engagement.status !== 'delivered')
    throw new HttpError(409, 'not_delivered', 'Feedback can be given once the work is delivered and you have accepted it.');
  const { user } = c.var;
  const saved = await c.var.deps.db.transaction(async (tx) => {
    const [row] = await tx
      .insert(engagementFeedback)
      .values({ orgId: engagement.orgId, engagementId: engagement.id, userId: user.id, rating: form.rating, comment: form.comment })
      .onConflictDoNothing()
      .returning();
    if (!row) return null;
    await recordAudit(tx, {
      orgId: engagement.orgId,
      kind: 'engagement.feedback_given',
      actorId: user.id,
      actorEmail: user.email,
      ipAddress: c.var.clientAddress,
      targetType: 'engagement',
      targetId: engagement.id,
      detail: { rating: form.rating },
    });
    // The rating only: the comment is the client's own words, shown with the engagement.
    await recordCaseEvent(tx, {
      orgId: engagement.orgId,
      caseId: engagement.id,
      eventKey: `feedback:${user.id}`,
      kind: 'feedback.given',
      actorId: user.id,
      note: `Rated ${form.rating} of 5.`,
      at: row.createdAt,
    });
    return row;
  });
  if (!saved) throw new HttpError(409, 'feedback_given', 'You have already given your feedback on this engagement.');
  return saved;
}

/** Every contact's feedback on the engagement, newest first, for staff. */
export async function feedbackOn(db: DbOrTx, engagementId: string) {
  const rows = await db
    .select({ feedback: engagementFeedback, name: users.name })
    .from(engagementFeedback)
    .innerJoin(users, eq(users.id, engagementFeedback.userId))
    .where(eq(engagementFeedback.engagementId, engagementId))
    .orderBy(desc(engagementFeedback.createdAt));
  return rows.map(({ feedback, name }) => ({ ...presentFeedback(feedback), from: name }));
}
