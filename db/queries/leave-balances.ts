import { and, eq, sql, sum } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { leaveLedger, leaveRequests, type ledgerKinds } from '../schema/index.ts';

type LedgerKind = (typeof ledgerKinds)[number];

interface BalanceKey {
  orgId: string;
  employeeId: string;
  leaveTypeCode: string;
  year: number;
}

/** The ledger by kind of entry: allocations in, approved leave out (negative), reversals back in. */
export async function ledgerHalfDaysByKind(db: DbOrTx, key: BalanceKey): Promise<Record<LedgerKind, number>> {
  const rows = await db
    .select({ kind: leaveLedger.kind, total: sum(leaveLedger.halfDays).mapWith(Number) })
    .from(leaveLedger)
    .where(
      and(
        eq(leaveLedger.orgId, key.orgId),
        eq(leaveLedger.employeeId, key.employeeId),
        eq(leaveLedger.leaveTypeCode, key.leaveTypeCode),
        eq(leaveLedger.year, key.year),
      ),
    )
    .groupBy(leaveLedger.kind);
  const byKind = { allocation: 0, taken: 0, reversal: 0 };
  for (const row of rows) byKind[row.kind] = row.total;
  return byKind;
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

/** What a new request may still use: the ledger's sum less what pending requests have promised. */
export async function availableHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  const [{ allocation, taken, reversal }, pending] = await Promise.all([ledgerHalfDaysByKind(db, key), pendingHalfDays(db, key)]);
  return allocation + taken + reversal - pending;
}
