import type { DbOrTx } from '../../../db/client.ts';
import { conversionReport } from './conversion.ts';
import { cycleTimeReport } from './cycle-times.ts';
import type { ReportFilters } from './filters.ts';
import { slaBreachReport } from './sla-breaches.ts';
import { wonValueReport } from './won-value.ts';

export interface ReportRequest {
  db: DbOrTx;
  orgId: string;
  filters: ReportFilters;
  now: Date;
}

export interface ReportTable {
  header: readonly string[];
  rows: unknown[][];
}

const breachColumns = ['tasks', 'breaches', 'late', 'overdue', 'escalated'] as const;

/** Each chart's data as its CSV export has it: the same figures as its table on the page. */
export const reportTables = {
  'conversion-by-stage': async ({ db, orgId, filters }: ReportRequest): Promise<ReportTable> => ({
    header: ['stage', 'label', 'reached'],
    rows: (await conversionReport(db, orgId, filters)).stages.map((s) => [s.stage, s.label, s.reached]),
  }),
  'conversion-by-source': async ({ db, orgId, filters }: ReportRequest): Promise<ReportTable> => ({
    header: ['source', 'label', 'captured', 'qualified', 'won', 'delivered'],
    rows: (await conversionReport(db, orgId, filters)).sources.map((s) => [s.source, s.label, s.captured, s.qualified, s.won, s.delivered]),
  }),
  'cycle-times': async ({ db, orgId, filters }: ReportRequest): Promise<ReportTable> => ({
    header: ['stage', 'label', 'stays', 'medianSeconds', 'p90Seconds'],
    rows: (await cycleTimeReport(db, orgId, filters)).stages.map((s) => [s.stage, s.label, s.stays, s.medianSeconds, s.p90Seconds]),
  }),
  'sla-breaches-by-stage': async ({ db, orgId, filters, now }: ReportRequest): Promise<ReportTable> => ({
    header: ['stage', 'label', ...breachColumns],
    rows: (await slaBreachReport(db, orgId, filters, now)).byStage.map((s) => [s.stage, s.label, ...breachColumns.map((k) => s[k])]),
  }),
  'sla-breaches-by-department': async ({ db, orgId, filters, now }: ReportRequest): Promise<ReportTable> => ({
    header: ['departmentId', 'department', ...breachColumns],
    rows: (await slaBreachReport(db, orgId, filters, now)).byDepartment.map((d) => [
      d.departmentId,
      d.department,
      ...breachColumns.map((k) => d[k]),
    ]),
  }),
  'won-value': async ({ db, orgId, filters }: ReportRequest): Promise<ReportTable> => ({
    header: ['month', 'currency', 'wonMinor', 'quotes'],
    rows: (await wonValueReport(db, orgId, filters)).currencies.flatMap(({ months }) =>
      months.map((m) => [m.month, m.currency, m.wonMinor, m.quotes]),
    ),
  }),
};

export type ReportChart = keyof typeof reportTables;
export const reportCharts = Object.keys(reportTables) as ReportChart[];
