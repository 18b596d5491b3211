import { caseEvents } from '../db/schema/index.ts';
import type { DbOrTx } from '../db/client.ts';

export interface CaseEventInput {
  orgId: string;
  caseId: string;
  /** Unique within the case: a retried activity records the event once. */
  eventKey: string;
  kind: string;
  actorId: string | null;
  note: string | null;
  at: Date;
}

export async function recordCaseEvent(tx: DbOrTx, event: CaseEventInput): Promise<void> {
  await tx
    .insert(caseEvents)
    .values(event)
    .onConflictDoNothing({ target: [caseEvents.caseId, caseEvents.eventKey] });
}
