import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../../db/client.ts';
import { departments, tasks } from '../../../db/schema/index.ts';
import { cohortFrom, inCohort, type ReportFilters } from './filters.ts';
import { inStageOrder, stageLabel } from './labels.ts';

type BreachCounts = {
  tasks: number;
  breaches: number;
  late: number;
  overdue: number;
  escalated: number;
};

/**
 * The stage a task belongs to, from its step: the department approvals' step is `approval`, the
 * client's acceptance is the delivery stage's, and work items (`item:<key>:r<round>/work|review`)
 * are done during execution.
 */
const stageOfStep = sql`case
  when t.step like 'item:%' then 'execution'
  when t.step = 'approval' then 'approvals'
  when t.step = 'acceptance' then 'delivery'
  else t.step end`;

/** Every task of the engagements in the filters, with the ways it missed its SLA. */
const engagementTasks = (orgId: string, filters: ReportFilters, now: Date) => sql`
  select t.id, e.department_ids, ${stageOfStep} as stage,
         (t.status = 'completed' and t.completed_at > t.due_at) as late,
         (t.status = 'open' and t.due_at < ${now.toISOString()}::timestamptz) as overdue,
         t.escalation_level > 0 as escalated
    from ${cohortFrom}
    join ${tasks} t on t.org_id = e.org_id and t.case_type = 'engagement' and t.case_id = e.id::text
   where ${inCohort(orgId, filters)}`;

const counts = sql`
  count(*)::int as tasks,
  (count(*) filter (where late or overdue or escalated))::int as breaches,
  (count(*) filter (where late))::int as late,
  (count(*) filter (where overdue))::int as overdue,
  (count(*) filter (where escalated))::int as escalated`;

/**
 * SLA breaches of the engagements' tasks: completed after their due time, open past it (at `now`),
 * or escalated (a task may be late and escalated both: it is one breach). By stage, each task once;
 * by department, a task under each of its engagement's departments, or under none.
 */
export async function slaBreachReport(db: DbOrTx, orgId: string, filters: ReportFilters, now: Date) {
  const source = engagementTasks(orgId, filters, now);
  const onlyDepartment: SQL = filters.departmentId ? sql`where d.department_id = ${filters.departmentId}::uuid` : sql``;
  const [byStage, byDepartment] = await Promise.all([
    db.execute<BreachCounts & { stage: string }>(sql`
      with engagement_tasks as (${source})
      select stage, ${counts} from engagement_tasks group by stage`),
    db.execute<BreachCounts & { department_id: string | null; department: string | null }>(sql`
      with engagement_tasks as (${source})
      select d.department_id, dep.name as department, ${counts}
        from engagement_tasks et
        cross join lateral unnest(
          case when cardinality(et.department_ids) = 0 then array[null::uuid] else et.department_ids end
        ) as d(department_id)
        left join ${departments} dep on dep.id = d.department_id and dep.org_id = ${orgId}
        ${onlyDepartment}
       group by d.department_id, dep.name
       order by breaches desc, dep.name nulls last`),
  ]);
  const countsOf = (r: BreachCounts): BreachCounts => ({
    tasks: r.tasks,
    breaches: r.breaches,
    late: r.late,
    overdue: r.overdue,
    escalated: r.escalated,
  });
  return {
    at: now.toISOString(),
    byStage: inStageOrder(byStage.map((r) => ({ stage: r.stage, label: stageLabel(r.stage), ...countsOf(r) }))),
    byDepartment: byDepartment.map((r) => ({
      departmentId: r.department_id,
      // A department deleted since, or none at all.
      department: r.department_id === null ? 'None' : (r.department ?? 'Unknown department'),
      ...countsOf(r),
    })),
  };
}
