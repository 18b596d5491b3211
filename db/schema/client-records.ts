import { date, index, pgTable, text, uuid } from 'drizzle-orm/pg-core';
import { createdAt } from './columns.ts';
import { clientContacts, clients } from './engagement.ts';
import { orgId } from './organizations.ts';
import { users } from './users.ts';

/** What staff write down about a client; the id is made by the page, so a double click is one note. */
export const clientNotes = pgTable(
  'client_notes',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    body: text('body').notNull(),
    authorId: uuid('author_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('client_notes_client').on(t.clientId, t.createdAt)],
);

export const interactionKinds = ['call', 'meeting', 'email'] as const;
export type InteractionKind = (typeof interactionKinds)[number];

/** A call, meeting or e-mail with the client, and how it went. */
export const clientInteractions = pgTable(
  'client_interactions',
  {
    id: uuid('id').primaryKey(),
    orgId: orgId(),
    clientId: uuid('client_id')
      .notNull()
      .references(() => clients.id),
    kind: text('kind', { enum: interactionKinds }).notNull(),
    /** The day it happened, in the organisation's calendar. */
    occurredOn: date('occurred_on', { mode: 'string' }).notNull(),
    outcome: text('outcome').notNull(),
    note: text('note'),
    /** Whom it was with, when it was one of the client's contacts. */
    contactId: uuid('contact_id').references(() => clientContacts.id),
    recordedById: uuid('recorded_by_id')
      .notNull()
      .references(() => users.id),
    createdAt: createdAt(),
  },
  (t) => [index('client_interactions_client').on(t.clientId, t.occurredOn)],
);

export type ClientNote = typeof clientNotes.$inferSelect;
export type ClientInteraction = typeof clientInteractions.$inferSelect;
