import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { engagementStagePeriods } from '../../../db/schema/index.ts';
import { cohortFrom, inCohort, type ReportFilters } from './filters.ts';
import { inStageOrder, stageLabel } from './labels.ts';

/**
 * How long a stay in each stage took (entered → left), median and 90th percentile, over the
 * finished stays of the engagements in the filters; a stage still being worked on has no end yet
 * and is left out. Each round of a stage is a stay of its own. Whole seconds.
 */
export async function cycleTimeReport(db: DbOrTx, orgId: string, filters: ReportFilters) {
  const seconds = sql`extract(epoch from (p.left_at - p.entered_at))::float8`;
  const rows = await db.execute<{ stage: string; stays: number; median_seconds: number; p90_seconds: number }>(sql`
    select p.stage,
           count(*)::int as stays,
           round((percentile_cont(0.5) within group (order by ${seconds}))::numeric)::float8 as median_seconds,
           round((percentile_cont(0.9) within group (order by ${seconds}))::numeric)::float8 as p90_seconds
      from ${cohortFrom}
      join ${engagementStagePeriods} p on p.engagement_id = e.id and p.org_id = e.org_id
     where ${inCohort(orgId, filters)} and p.left_at is not null
     group by p.stage`);
  return {
    stages: inStageOrder(
      rows.map((r) => ({
        stage: r.stage,
        label: stageLabel(r.stage),
        stays: r.stays,
        medianSeconds: r.median_seconds,
        p90Seconds: r.p90_seconds,
      })),
    ),
  };
}
