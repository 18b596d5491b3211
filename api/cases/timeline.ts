import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { caseEvents, users } from '../../db/schema/index.ts';
import { caseTypeOf } from './registry.ts';

/**
 * A case's timeline, oldest first: what the process and the task kit recorded. `label` is how the
 * case type names its own entries; the kit's (opened, claimed…) have none, the UI names them.
 */
export async function caseTimeline(db: DbOrTx, orgId: string, caseId: string, caseType: string) {
  const labels = caseTypeOf(caseType)?.timelineKinds ?? {};
  const entries = await db
    .select({ kind: caseEvents.kind, actorName: users.name, at: caseEvents.at, note: caseEvents.note })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(and(eq(caseEvents.orgId, orgId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
  return entries.map((entry) => ({ ...entry, label: labels[entry.kind] ?? null }));
}
