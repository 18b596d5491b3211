import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import type { PayrollRunInput } from '../../workflows/payroll/messages.ts';
import { runKey } from '../../domain/payroll/period.ts';
import { payrollRunId } from './run-id.ts';

/** Employees per compute activity, and how many run at once: a batch is one transaction of a few queries. */
export const payrollBatching = { batchSize: 200, parallelBatches: 4 };

/** A month's run as the API (by hand) and the schedule both start it: same id, same row. */
export async function payrollRunInput(
  db: DbOrTx,
  orgId: string,
  period: string,
  startedBy: string | null,
  sequence = 0,
): Promise<PayrollRunInput> {
  let subjectId = startedBy;
  if (!subjectId) {
    const [admin] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.active, true), sql`'admin' = any(${users.roles})`))
      .orderBy(asc(users.createdAt))
      .limit(1);
    if (!admin) throw new Error(`Organisation ${orgId} has no active admin to hold its payroll run`);
    subjectId = admin.id;
  }
  // The month's run keeps the input it always had: histories recorded before off-cycle runs replay.
  const offCycle = sequence === 0 ? {} : { sequence };
  return { runId: payrollRunId(orgId, runKey(period, sequence)), orgId, period, ...offCycle, subjectId, startedBy, ...payrollBatching };
}
