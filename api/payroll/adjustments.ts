import { and, desc, eq, isNotNull } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { payrollAdjustments, payrollRuns, users } from '../../db/schema/index.ts';
import { runKey } from '../../domain/payroll/period.ts';
import { waitingAdjustment, waitingFor } from '../../activities/payroll/adjustments.ts';
import { HttpError } from '../errors.ts';

/**
 * The off-cycle run a start by hand means: the month's last one while it is still open (a second
 * click joins it), else the next, if any adjustment waits for one.
 */
export async function nextOffCycle(db: DbOrTx, orgId: string, period: string): Promise<number> {
  const [last] = await db
    .select({ sequence: payrollRuns.sequence, status: payrollRuns.status })
    .from(payrollRuns)
    .where(and(eq(payrollRuns.orgId, orgId), eq(payrollRuns.period, period)))
    .orderBy(desc(payrollRuns.sequence))
    .limit(1);
  if (last && last.sequence > 0 && last.status !== 'approved' && last.status !== 'paid') return last.sequence;
  const [waiting] = await db.select({ id: payrollAdjustments.id }).from(payrollAdjustments).where(waitingFor(orgId, 'off_cycle')).limit(1);
  if (!waiting) throw new HttpError(409, 'nothing_to_pay', 'No adjustment waits for an off-cycle run.');
  return (last?.sequence ?? 0) + 1;
}

const adjustmentStatus = {
  open: waitingAdjustment,
  applied: isNotNull(payrollAdjustments.appliedRunId),
  cancelled: isNotNull(payrollAdjustments.cancelledAt),
  all: undefined,
};

const adjustmentsShown = 500;

/** Adjustments as HR reads them, newest first: whom, what, why, and which run pays (or paid) them. */
export async function listAdjustments(
  db: DbOrTx,
  orgId: string,
  filter: { status: keyof typeof adjustmentStatus; employeeId?: string; id?: string },
) {
  const rows = await db
    .select({ adjustment: payrollAdjustments, employeeName: users.name, period: payrollRuns.period, sequence: payrollRuns.sequence })
    .from(payrollAdjustments)
    .innerJoin(users, eq(users.id, payrollAdjustments.employeeId))
    .leftJoin(payrollRuns, eq(payrollRuns.id, payrollAdjustments.appliedRunId))
    .where(
      and(
        eq(payrollAdjustments.orgId, orgId),
        adjustmentStatus[filter.status],
        filter.employeeId ? eq(payrollAdjustments.employeeId, filter.employeeId) : undefined,
        filter.id ? eq(payrollAdjustments.id, filter.id) : undefined,
      ),
    )
    .orderBy(desc(payrollAdjustments.createdAt), desc(payrollAdjustments.id))
    .limit(adjustmentsShown + 1);
  // More than a page of them open at once is a backlog to clear, not a list to read: say so.
  return {
    more: rows.length > adjustmentsShown,
    adjustments: rows.slice(0, adjustmentsShown).map(({ adjustment: a, employeeName, period, sequence }) => ({
      id: a.id,
      employeeId: a.employeeId,
      employeeName,
      type: a.type,
      amountMinor: a.amountMinor,
      reason: a.reason,
      correctsPeriod: a.correctsPeriod,
      target: a.target,
      status: a.cancelledAt ? ('cancelled' as const) : a.appliedRunId ? ('applied' as const) : ('open' as const),
      run: period !== null && sequence !== null ? runKey(period, sequence) : null,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}
