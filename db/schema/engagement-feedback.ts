import { sql } from 'drizzle-orm';
import { check, integer, pgTable, text, unique, uuid } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';
import { engagements } from './engagement.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/** What a client's contact thought of a delivered engagement: once per engagement and contact. */
export const engagementFeedback = pgTable(
  'engagement_feedback',
  {
    id: id(),
    orgId: orgId(),
    engagementId: uuid('engagement_id')
      .notNull()
      .references(() => engagements.id),
    /** The contact's portal sign-in. */
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id),
    rating: integer('rating').notNull(),
    comment: text('comment'),
    createdAt: createdAt(),
  },
  (t) => [
    unique('engagement_feedback_once').on(t.engagementId, t.userId),
    check('engagement_feedback_rating', sql`${t.rating} between 1 and 5`),
  ],
);

export type EngagementFeedback = typeof engagementFeedback.$inferSelect;
