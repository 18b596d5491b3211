import { and, asc, desc, eq, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../../../db/client.ts';
import { organizationRoles, principalOf } from '../../../db/queries/principal.ts';
import {
  clientContacts,
  clientFollowUps,
  clientInteractions,
  clientNotes,
  clients,
  engagements,
  organizations,
  users,
} from '../../../db/schema/index.ts';
import { todayIn, type CalendarDate } from '../../../domain/calendar.ts';

export type ClientRow = typeof clients.$inferSelect;

export async function findClient(db: DbOrTx, orgId: string, id: string): Promise<ClientRow | undefined> {
  const [row] = await db
    .select()
    .from(clients)
    .where(and(eq(clients.orgId, orgId), eq(clients.id, id)));
  return row;
}

/** Today in the organisation's calendar, by the API's clock: follow-ups fall due on its days. */
export async function organizationToday(db: DbOrTx, orgId: string, now: Date): Promise<CalendarDate> {
  const [organization] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  return todayIn(organization?.timeZone ?? 'UTC', now);
}

/** Who may own a follow-up: active people of the organisation who see client records. */
export async function followUpOwners(db: DbOrTx, orgId: string): Promise<{ id: string; name: string }[]> {
  const [people, roles] = await Promise.all([
    db
      .select()
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.active, true)))
      .orderBy(asc(users.name)),
    organizationRoles(db, orgId),
  ]);
  return people.filter((p) => principalOf(p, roles).grants.has('engagements:view')).map((p) => ({ id: p.id, name: p.name }));
}

export const presentContact = (c: typeof clientContacts.$inferSelect) => ({
  id: c.id,
  name: c.name,
  email: c.email,
  phone: c.phone,
  /** Whether the contact signs in to the portal. */
  portalAccess: c.userId !== null,
});

const owner = alias(users, 'follow_up_owner');

/** The client as staff see it: contacts, notes and interactions (newest first), follow-ups (open first, soonest first), engagements. */
export async function clientDetail(db: DbOrTx, client: ClientRow, today: CalendarDate) {
  const [contacts, notes, interactions, followUps, clientEngagements, owners] = await Promise.all([
    db
      .select()
      .from(clientContacts)
      .where(eq(clientContacts.clientId, client.id))
      .orderBy(asc(clientContacts.createdAt), asc(clientContacts.id)),
    db
      .select({ id: clientNotes.id, body: clientNotes.body, authorName: users.name, createdAt: clientNotes.createdAt })
      .from(clientNotes)
      .innerJoin(users, eq(users.id, clientNotes.authorId))
      .where(eq(clientNotes.clientId, client.id))
      .orderBy(desc(clientNotes.createdAt), desc(clientNotes.id)),
    db
      .select({
        id: clientInteractions.id,
        kind: clientInteractions.kind,
        occurredOn: clientInteractions.occurredOn,
        outcome: clientInteractions.outcome,
        note: clientInteractions.note,
        contactName: clientContacts.name,
        recordedByName: users.name,
        createdAt: clientInteractions.createdAt,
      })
      .from(clientInteractions)
      .innerJoin(users, eq(users.id, clientInteractions.recordedById))
      .leftJoin(clientContacts, eq(clientContacts.id, clientInteractions.contactId))
      .where(eq(clientInteractions.clientId, client.id))
      .orderBy(desc(clientInteractions.occurredOn), desc(clientInteractions.createdAt)),
    db
      .select({ followUp: clientFollowUps, ownerName: owner.name })
      .from(clientFollowUps)
      .leftJoin(owner, eq(owner.id, clientFollowUps.ownerId))
      .where(eq(clientFollowUps.clientId, client.id))
      .orderBy(sql`${clientFollowUps.doneAt} is not null`, asc(clientFollowUps.dueOn), asc(clientFollowUps.createdAt)),
    db
      .select({
        id: engagements.id,
        title: engagements.title,
        stage: engagements.stage,
        status: engagements.status,
        valueMinor: engagements.valueMinor,
        currency: engagements.currency,
        createdAt: engagements.createdAt,
        closedAt: engagements.closedAt,
      })
      .from(engagements)
      .where(and(eq(engagements.orgId, client.orgId), eq(engagements.clientId, client.id)))
      .orderBy(desc(engagements.createdAt)),
    followUpOwners(db, client.orgId),
  ]);
  return {
    client: { id: client.id, name: client.name, tags: client.tags, fromLeadId: client.fromLeadId, createdAt: client.createdAt },
    contacts: contacts.map(presentContact),
    notes,
    interactions,
    followUps: followUps.map(({ followUp: f, ownerName }) => ({
      id: f.id,
      dueOn: f.dueOn,
      subject: f.subject,
      ownerId: f.ownerId,
      ownerName,
      engagementId: f.engagementId,
      doneAt: f.doneAt,
      due: f.doneAt === null && f.dueOn <= today,
    })),
    engagements: clientEngagements,
    followUpOwners: owners,
    /** The organisation's today, where the page's day fields start. */
    today,
  };
}
