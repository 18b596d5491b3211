import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { organizations, quotes } from '../../../db/schema/index.ts';
import { cohortFrom, inCohort, type ReportFilters } from './filters.ts';

interface WonMonth {
  month: string;
  currency: string;
  wonMinor: number;
  quotes: number;
}

const nothingWon = (month: string, currency: string): WonMonth => ({ month, currency, wonMinor: 0, quotes: 0 });

/** "2027-01" → "2027-02" */
const nextMonth = (month: string) => {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
};

/**
 * What was won each month: the accepted quotes' totals by the month of their acceptance where the
 * organisation is (a quote accepted on 31 January at 23:30 UTC is February's in Berlin), per
 * currency, in minor units. Months between the first and the last without a win are listed with 0,
 * so a chart's gaps are real.
 */
export async function wonValueReport(db: DbOrTx, orgId: string, filters: ReportFilters) {
  const [[organization], rows] = await Promise.all([
    db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId)),
    db.execute<{ month: string; currency: string; won_minor: string; quotes: number }>(sql`
    select to_char(date_trunc('month', q.decided_at at time zone o.time_zone), 'YYYY-MM') as month,
           q.currency,
           sum(q.total_minor)::bigint as won_minor,
           count(*)::int as quotes
      from ${cohortFrom}
      join ${quotes} q on q.engagement_id = e.id and q.org_id = e.org_id
     where ${inCohort(orgId, filters)} and q.status = 'accepted' and q.decided_at is not null
     group by 1, 2
     order by 1, 2`),
  ]);
  const byCurrency = new Map<string, WonMonth[]>();
  for (const row of rows) {
    const months = byCurrency.get(row.currency) ?? [];
    byCurrency.set(row.currency, months);
    const last = months.at(-1);
    if (last)
      for (let month = nextMonth(last.month); month < row.month; month = nextMonth(month)) months.push(nothingWon(month, row.currency));
    // The bigint sum arrives as text; totals are integers far below 2^53.
    months.push({ month: row.month, currency: row.currency, wonMinor: Number(row.won_minor), quotes: row.quotes });
  }
  return { timeZone: organization?.timeZone ?? 'UTC', currencies: [...byCurrency].map(([currency, months]) => ({ currency, months })) };
}
