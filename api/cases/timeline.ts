import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { caseEvents, users } from '../../db/schema/index.ts';

/** A case's timeline, oldest first: what the process and the task kit recorded. */
export async function caseTimeline(db: DbOrTx, orgId: string, caseId: string) {
  return db
    .select({ kind: caseEvents.kind, actorName: users.name, at: caseEvents.at, note: caseEvents.note })
    .from(caseEvents)
    .leftJoin(users, eq(users.id, caseEvents.actorId))
    .where(and(eq(caseEvents.orgId, orgId), eq(caseEvents.caseId, caseId)))
    .orderBy(asc(caseEvents.at), asc(caseEvents.id));
}
