import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { engagementStagePeriods, leads } from '../../../db/schema/index.ts';
import type { LeadSource } from '../../../domain/leads.ts';
import { cohortFrom, inCohort, type ReportFilters } from './filters.ts';
import { reportedStages, sourceLabels, stageLabels } from './labels.ts';

const reached = (stage: string) =>
  sql`exists (select 1 from ${engagementStagePeriods} p where p.engagement_id = e.id and p.org_id = e.org_id and p.stage = ${stage})`;

/**
 * Of the engagements captured (in the filters), how many reached each stage (one stay in it is
 * enough, however often it was sent back there), and per lead source how many were captured,
 * qualified (reached the quote), won (reached onboarding: the client accepted) and delivered.
 */
export async function conversionReport(db: DbOrTx, orgId: string, filters: ReportFilters) {
  const cohort = inCohort(orgId, filters);
  const [stageRows, sourceRows] = await Promise.all([
    db.execute<{ stage: string; reached: number }>(sql`
      select p.stage, count(distinct p.engagement_id)::int as reached
        from ${cohortFrom}
        join ${engagementStagePeriods} p on p.engagement_id = e.id and p.org_id = e.org_id
       where ${cohort}
       group by p.stage`),
    db.execute<{ source: LeadSource; captured: number; qualified: number; won: number; delivered: number }>(sql`
      select l.source,
             count(*)::int as captured,
             (count(*) filter (where ${reached('quote')}))::int as qualified,
             (count(*) filter (where ${reached('onboarding')}))::int as won,
             (count(*) filter (where e.status = 'delivered'))::int as delivered
        from ${cohortFrom}
        join ${leads} l on l.id = e.lead_id and l.org_id = e.org_id
       where ${cohort}
       group by l.source
       order by captured desc, l.source`),
  ]);
  const reachedBy = new Map(stageRows.map((r) => [r.stage, r.reached]));
  return {
    captured: sourceRows.reduce((sum, r) => sum + r.captured, 0),
    stages: reportedStages.map((stage) => ({ stage, label: stageLabels[stage], reached: reachedBy.get(stage) ?? 0 })),
    sources: sourceRows.map((r) => ({ ...r, label: sourceLabels[r.source] ?? r.source })),
  };
}
