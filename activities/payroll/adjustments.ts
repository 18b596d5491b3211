import { and, eq, inArray, isNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { payrollAdjustments, type payrollLines, type payrollRuns } from '../../db/schema/index.ts';
import type { Adjustment } from '../../domain/payroll/adjustments.ts';

type Line = typeof payrollLines.$inferSelect;
type Run = typeof payrollRuns.$inferSelect;

/** Which adjustments a run pays: the month's run those due in the next run, an off-cycle run its own. */
const adjustmentTargetOf = (run: Pick<Run, 'sequence'>) => (run.sequence === 0 ? 'next_run' : 'off_cycle');

/** Held by no run and not cancelled: still to be paid. */
export const waitingAdjustment = and(isNull(payrollAdjustments.appliedRunId), isNull(payrollAdjustments.cancelledAt));

/** The organisation's adjustments waiting for a run of this kind. */
export const waitingFor = (orgId: string, target: 'next_run' | 'off_cycle') =>
  and(eq(payrollAdjustments.orgId, orgId), eq(payrollAdjustments.target, target), waitingAdjustment);

/** Lets these employees' adjustments go from the run (an excluded line pays none: a later run does). */
export async function releaseAdjustments(tx: DbOrTx, runId: string, employeeIds: string[]): Promise<void> {
  if (employeeIds.length === 0) return;
  await tx
    .update(payrollAdjustments)
    .set({ appliedRunId: null })
    .where(and(eq(payrollAdjustments.appliedRunId, runId), inArray(payrollAdjustments.employeeId, employeeIds)));
}

/**
 * The adjustments these lines pay, claimed for the run: those it held already and any still open,
 * which no other run can then take (the update's row locks decide between two runs computing at
 * once). Excluded lines claim none. Called under the run's lock, before the run is approved.
 */
export async function claimAdjustments(tx: DbOrTx, run: Run, lines: Line[]): Promise<Map<string, Adjustment[]>> {
  const paying = lines.filter((l) => l.status !== 'excluded').map((l) => l.employeeId);
  await releaseAdjustments(
    tx,
    run.id,
    lines.filter((l) => l.status === 'excluded').map((l) => l.employeeId),
  );
  const byEmployee = new Map<string, Adjustment[]>();
  if (paying.length === 0) return byEmployee;
  await tx
    .update(payrollAdjustments)
    .set({ appliedRunId: run.id })
    .where(and(waitingFor(run.orgId, adjustmentTargetOf(run)), inArray(payrollAdjustments.employeeId, paying)));
  const held = await tx
    .select()
    .from(payrollAdjustments)
    .where(and(eq(payrollAdjustments.appliedRunId, run.id), inArray(payrollAdjustments.employeeId, paying)))
    .orderBy(payrollAdjustments.createdAt, payrollAdjustments.id);
  for (const a of held) {
    const list = byEmployee.get(a.employeeId) ?? [];
    list.push({ id: a.id, type: a.type, amountMinor: a.amountMinor, reason: a.reason, correctsPeriod: a.correctsPeriod });
    byEmployee.set(a.employeeId, list);
  }
  return byEmployee;
}
