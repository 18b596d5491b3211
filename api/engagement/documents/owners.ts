import { and, eq, inArray, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { clientContacts, clients, documents, engagements, leads, type DocumentOwnerType } from '../../../db/schema/index.ts';
import type { Owner } from './store.ts';

const ownerTables = { lead: leads, client: clients, engagement: engagements } as const;

/** Whether the lead, client or engagement is the organisation's. */
export async function ownerExists(db: DbOrTx, orgId: string, owner: Owner): Promise<boolean> {
  const table = ownerTables[owner.type];
  const [row] = await db
    .select({ id: table.id })
    .from(table)
    .where(and(eq(table.orgId, orgId), eq(table.id, owner.id)));
  return Boolean(row);
}

/**
 * Whose documents a record's page shows: a client's gathers its own, the lead it came from and its
 * engagements'; an engagement or a lead shows its own.
 */
export async function ownersShownWith(db: DbOrTx, orgId: string, owner: Owner): Promise<Owner[]> {
  if (owner.type !== 'client') return [owner];
  const [[client], clientEngagements] = await Promise.all([
    db
      .select({ fromLeadId: clients.fromLeadId })
      .from(clients)
      .where(and(eq(clients.orgId, orgId), eq(clients.id, owner.id))),
    db
      .select({ id: engagements.id })
      .from(engagements)
      .where(and(eq(engagements.orgId, orgId), eq(engagements.clientId, owner.id))),
  ]);
  return [
    owner,
    ...(client ? [{ type: 'lead' as const, id: client.fromLeadId }] : []),
    ...clientEngagements.map((e) => ({ type: 'engagement' as const, id: e.id })),
  ];
}

/** A lead has no portal: only what belongs to a client or its engagements can be shown to one. */
export const shareable = (ownerType: DocumentOwnerType) => ownerType !== 'lead';

/**
 * The documents a client's contact may see in the portal: shared by staff, and belonging to a client
 * they are a contact of or to one of that client's engagements. `engagementId` narrows to one.
 */
export function sharedWithContact(orgId: string, userId: string, engagementId?: string): SQL {
  const theirClients = sql`(select ${clientContacts.clientId} from ${clientContacts}
    inner join ${clients} on ${clients.id} = ${clientContacts.clientId}
    where ${clientContacts.userId} = ${userId} and ${clients.orgId} = ${orgId})`;
  const theirEngagements = sql`(select ${engagements.id} from ${engagements}
    where ${engagements.orgId} = ${orgId} and ${inArray(engagements.clientId, theirClients)})`;
  const ownerIsTheirs = engagementId
    ? and(eq(documents.ownerType, 'engagement'), eq(documents.ownerId, engagementId), inArray(documents.ownerId, theirEngagements))
    : or(
        and(eq(documents.ownerType, 'client'), inArray(documents.ownerId, theirClients)),
        and(eq(documents.ownerType, 'engagement'), inArray(documents.ownerId, theirEngagements)),
      );
  return and(eq(documents.orgId, orgId), eq(documents.sharedWithClient, true), ownerIsTheirs)!;
}
