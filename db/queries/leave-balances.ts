import { and, eq, sql, sum } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { leaveLedger, leaveRequests } from '../schema/index.ts';

interface BalanceKey {
  orgId: string;
  employeeId: string;
  leaveTypeCode: string;
  year: number;
}

/** The ledger's sum: allocations in, approved leave out, reversals back in. */
export async function ledgerHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  const [row] = await db
    .select({ total: sum(leaveLedger.halfDays).mapWith(Number) })
    .from(leaveLedger)
    .where(
      and(
        eq(leaveLedger.orgId, key.orgId),
        eq(leaveLedger.employeeId, key.employeeId),
        eq(leaveLedger.leaveTypeCode, key.leaveTypeCode),
        eq(leaveLedger.year, key.year),
      ),
    );
  return row?.total ?? 0;
}

/** Half-days awaiting a decision: not yet off the balance, but promised, so not available either. */
export async function pendingHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  const [row] = await db
    .select({ total: sum(leaveRequests.halfDays).mapWith(Number) })
    .from(leaveRequests)
    .where(
      and(
        eq(leaveRequests.orgId, key.orgId),
        eq(leaveRequests.employeeId, key.employeeId),
        eq(leaveRequests.leaveTypeCode, key.leaveTypeCode),
        eq(leaveRequests.status, 'pending'),
        sql`extract(year from ${leaveRequests.startDate}) = ${key.year}`,
      ),
    );
  return row?.total ?? 0;
}

export async function availableHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  return (await ledgerHalfDays(db, key)) - (await pendingHalfDays(db, key));
}
