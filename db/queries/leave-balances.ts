import { and, eq, sql, sum } from 'drizzle-orm';
import { preparedRead, type DbOrTx, type Params } from '../client.ts';
import { leaveLedger, leaveRequests, type ledgerKinds } from '../schema/index.ts';

type LedgerKind = (typeof ledgerKinds)[number];

interface BalanceKey {
  orgId: string;
  employeeId: string;
  leaveTypeCode: string;
  year: number;
}

// Every submit and every preview reads both: each built once, with placeholders (db/client.ts, preparedRead).
const ledgerRows = preparedRead('leave_ledger_by_kind', (db, key: Params<BalanceKey>) =>
  db
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
    .groupBy(leaveLedger.kind),
);

const pendingRows = preparedRead('leave_pending_half_days', (db, key: Params<BalanceKey>) =>
  db
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
    ),
);

/** The ledger by kind of entry: allocations in, approved leave out (negative), reversals back in. */
export async function ledgerHalfDaysByKind(db: DbOrTx, key: BalanceKey): Promise<Record<LedgerKind, number>> {
  const rows = await ledgerRows(db, key);
  const byKind = { allocation: 0, taken: 0, reversal: 0 };
  for (const row of rows) byKind[row.kind] = row.total;
  return byKind;
}

/** Half-days awaiting a decision: not yet off the balance, but promised, so not available either. */
export async function pendingHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  const [row] = await pendingRows(db, key);
  return row?.total ?? 0;
}

/** What a new request may still use: the ledger's sum less what pending requests have promised. */
export async function availableHalfDays(db: DbOrTx, key: BalanceKey): Promise<number> {
  const [{ allocation, taken, reversal }, pending] = await Promise.all([ledgerHalfDaysByKind(db, key), pendingHalfDays(db, key)]);
  return allocation + taken + reversal - pending;
}
