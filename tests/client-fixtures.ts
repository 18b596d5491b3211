import { randomUUID } from 'node:crypto';
import { clientContacts, clients, engagements, leads, organizations, type EngagementStatus } from '../db/schema/index.ts';
import type { Platform } from './harness.ts';

// Client records as the engagement process leaves them once a lead converted (convertToClient):
// written straight to the database, so a test can have sixty clients without sixty journeys.

export interface ClientFixture {
  name: string;
  tags?: string[];
  contacts?: { name: string; email?: string; userId?: string }[];
  /** Another organisation's client, for the refusals. */
  orgId?: string;
}

async function insertLead(platform: Platform, orgId: string, contactName: string): Promise<string> {
  const id = randomUUID();
  await platform.database.db.insert(leads).values({
    id,
    orgId,
    contactName,
    source: 'referral',
    serviceCategory: 'web',
    currency: 'EUR',
    score: 0,
    capturedVia: 'staff',
  });
  return id;
}

export async function insertClient(platform: Platform, fixture: ClientFixture): Promise<string> {
  const orgId = fixture.orgId ?? platform.org.orgId;
  const contacts = fixture.contacts ?? [{ name: `${fixture.name} Contact` }];
  const fromLeadId = await insertLead(platform, orgId, contacts[0]?.name ?? fixture.name);
  const [client] = await platform.database.db
    .insert(clients)
    .values({ orgId, name: fixture.name, fromLeadId, tags: fixture.tags ?? [] })
    .returning({ id: clients.id });
  for (const contact of contacts) {
    await platform.database.db.insert(clientContacts).values({
      orgId,
      clientId: client!.id,
      name: contact.name,
      email: contact.email ?? null,
      userId: contact.userId ?? null,
    });
  }
  return client!.id;
}

/** An engagement of the client, at a stage its workflow could have reached. */
export async function insertEngagement(platform: Platform, clientId: string, status: EngagementStatus, orgId = platform.org.orgId) {
  const id = randomUUID();
  await platform.database.db.insert(engagements).values({
    id,
    orgId,
    leadId: await insertLead(platform, orgId, 'Engagement lead'),
    clientId,
    title: `Website ${id.slice(0, 4)}`,
    serviceCategory: 'web',
    ownerId: platform.org.people.agent.id,
    stage: status === 'open' ? 'execution' : 'closed',
    status,
    currency: 'EUR',
  });
  return id;
}

export async function insertOtherOrganisation(platform: Platform): Promise<string> {
  const [org] = await platform.database.db
    .insert(organizations)
    .values({ name: `Elsewhere ${randomUUID().slice(0, 6)}` })
    .returning({ id: organizations.id });
  return org!.id;
}

/** The audit entries of a kind about a target, oldest first. */
export const auditEntries = (platform: Platform, kind: string, targetId: string) =>
  platform.database.sql<{ actor_id: string | null; detail: Record<string, unknown> | null }[]>`
    select actor_id, detail from audit_log where org_id = ${platform.org.orgId} and kind = ${kind} and target_id = ${targetId} order by id`;
