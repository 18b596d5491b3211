import { and, eq, isNull, ne, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { recordAudit } from '../../db/queries/audit-log.ts';
import { engagements, engagementStagePeriods } from '../../db/schema/index.ts';
import type { EngagementStage, EngagementStatus } from '../../workflows/engagement/messages.ts';
import { recordCaseEvent } from '../case-events.ts';

export interface StageChange {
  engagementId: string;
  orgId: string;
  stage: EngagementStage;
  /** Which stay in this stage (a send-back returns for a second round): the workflow counts them. */
  round: number;
  status: EngagementStatus;
  note: string | null;
  actorId: string | null;
  at: string;
  closedReason?: string | null;
  /** For entries that are no stage change (a hold, a resume): their own key. */
  eventKey?: string;
}

/**
 * Moves the engagement's row to a stage: its stage and status, the stay it ends and the one it
 * begins (for cycle times), and a timeline entry. Keyed by stage and round: a retry writes nothing twice.
 */
export async function enterStage(tx: DbOrTx, change: StageChange): Promise<void> {
  const at = new Date(change.at);
  const closing = change.status !== 'open' && change.status !== 'on_hold';
  await Promise.all([
    tx
      .update(engagements)
      .set({
        stage: change.stage,
        status: change.status,
        stageEnteredAt: at,
        ...(closing ? { closedAt: at, closedReason: change.closedReason ?? null } : {}),
      })
      .where(eq(engagements.id, change.engagementId)),
    tx
      .update(engagementStagePeriods)
      .set({ leftAt: at })
      .where(
        and(
          eq(engagementStagePeriods.engagementId, change.engagementId),
          isNull(engagementStagePeriods.leftAt),
          ne(engagementStagePeriods.stage, change.stage),
        ),
      ),
    change.stage === 'closed'
      ? null
      : tx
          .insert(engagementStagePeriods)
          .values({ orgId: change.orgId, engagementId: change.engagementId, stage: change.stage, round: change.round, enteredAt: at })
          .onConflictDoNothing(),
    recordCaseEvent(tx, {
      orgId: change.orgId,
      caseId: change.engagementId,
      eventKey: change.eventKey ?? `stage:${change.stage}:${change.round}:${change.status}`,
      kind: change.status === 'open' ? `stage.${change.stage}` : `status.${change.status}`,
      actorId: change.actorId,
      note: change.note,
      at,
    }),
  ]);
}

/** An engagement's audit entry, once per key. */
export const auditEngagement = (
  tx: DbOrTx,
  e: { orgId: string; engagementId: string },
  kind: string,
  actor: { userId: string | null; address?: string | null },
  detail: Record<string, unknown>,
  key: string,
) =>
  recordAudit(tx, {
    orgId: e.orgId,
    kind: `engagement.${kind}`,
    actorId: actor.userId,
    ipAddress: actor.address ?? null,
    targetType: 'engagement',
    targetId: e.engagementId,
    detail,
    eventKey: `engagement-${e.engagementId}:${key}`,
  });

/** Locks the engagement's row for the transaction: two writes of one engagement queue up. */
export const lockEngagement = (tx: DbOrTx, engagementId: string) =>
  tx.execute(sql`select 1 from engagements where id = ${engagementId} for update`);
