import { and, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { leaveLedger, leaveRequests, leaveTypes } from '../../db/schema/index.ts';
import { balanceFor } from './read-model.ts';

/**
 * An employee's balances, a row per year and leave type with a balance. Without `year`: this year,
 * next year, and every other year with ledger entries or pending requests (a request is charged to
 * the year of its first day, so next year's balance matters as soon as someone plans ahead).
 * A retired type shows only in years where it still has entries.
 */
export async function employeeBalances(db: DbOrTx, key: { orgId: string; employeeId: string }, years: { thisYear: number; only?: number }) {
  const types = await db
    .select()
    .from(leaveTypes)
    .where(and(eq(leaveTypes.orgId, key.orgId), eq(leaveTypes.hasBalance, true)))
    .orderBy(leaveTypes.name);
  const used = await db.execute<{ year: number; leave_type_code: string }>(sql`
    select ${leaveLedger.year} as year, ${leaveLedger.leaveTypeCode} as leave_type_code from ${leaveLedger}
      where ${leaveLedger.orgId} = ${key.orgId} and ${leaveLedger.employeeId} = ${key.employeeId}
    union
    select extract(year from ${leaveRequests.startDate})::int, ${leaveRequests.leaveTypeCode} from ${leaveRequests}
      where ${leaveRequests.orgId} = ${key.orgId} and ${leaveRequests.employeeId} = ${key.employeeId} and ${leaveRequests.status} = 'pending'`);
  const usedKeys = new Set(used.map((row) => `${row.year}:${row.leave_type_code}`));
  const shownYears =
    years.only !== undefined
      ? [years.only]
      : [...new Set([years.thisYear, years.thisYear + 1, ...used.map((row) => Number(row.year))])].sort((a, b) => a - b);
  const rows = shownYears.flatMap((year) =>
    types.filter((type) => type.active || usedKeys.has(`${year}:${type.code}`)).map((type) => ({ year, type })),
  );
  return Promise.all(
    rows.map(async ({ year, type }) => ({
      leaveTypeCode: type.code,
      leaveTypeName: type.name,
      ...(await balanceFor(db, { ...key, leaveTypeCode: type.code, year })),
    })),
  );
}
