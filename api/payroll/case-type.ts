import { and, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { payrollRuns } from '../../db/schema/index.ts';
import type { CaseType } from '../cases/case-type.ts';
import { payrollAdjustmentRoutes } from './adjustment-routes.ts';
import { listLines, presentRun } from './read-model.ts';
import { payrollRouteRules } from './route-rules.ts';
import { payrollRunRoutes } from './run-routes.ts';
import { payslipRoutes } from './payslip-routes.ts';
import { payrollEmployeeRoutes, payrollSettingsRoutes } from './setup-routes.ts';

const seesSalaries = (viewer: Principal) => viewer.grants.has('payroll:run') || viewer.grants.has('payroll:approve');

async function runOf(db: DbOrTx, orgId: string, runId: string) {
  const [run] = await db
    .select()
    .from(payrollRuns)
    .where(and(eq(payrollRuns.orgId, orgId), eq(payrollRuns.id, runId)));
  return run;
}

/** Beside a payroll task: the run's totals and progress, and the lines that need a look (HR and finance only). */
export async function payrollPanel(db: DbOrTx, viewer: Principal, caseId: string) {
  const run = await runOf(db, viewer.orgId, caseId);
  if (!run || !seesSalaries(viewer)) return null;
  // The first of them: the run's page lists them all, a page at a time.
  const attention = await listLines(db, run, 'attention', { limit: 50 });
  return { run: await presentRun(db, run), attention: attention.lines, moreAttention: attention.next !== null };
}

export const payrollCaseType: CaseType = {
  key: 'payroll',
  label: 'Payroll run',
  taskKinds: {
    'payroll-review': { label: 'Payroll review' },
    'payroll-approval': { label: 'Payroll approval' },
    'payroll-payment': { label: 'Payroll payment' },
  },
  // No amounts here: inbox rows are read more widely than the run.
  fields: [
    { name: 'period', label: 'Month' },
    { name: 'employees', label: 'Employees' },
  ],
  async loadFields(db, orgId, caseIds) {
    const runs = await db
      .select()
      .from(payrollRuns)
      .where(and(eq(payrollRuns.orgId, orgId), inArray(payrollRuns.id, caseIds)));
    return new Map(runs.map((r) => [r.id, { period: r.period, employees: r.employeeCount }]));
  },
  loadPanel: payrollPanel,
  async visibleTo(db, viewer, caseId) {
    return seesSalaries(viewer) && Boolean(await runOf(db, viewer.orgId, caseId));
  },
  auditKinds: [
    'payroll.line_corrected',
    'payroll.line_excluded',
    'payroll.line_included',
    'payroll.bank_file_downloaded',
    'payroll.employment_set',
    'payroll.structure_set',
    'payroll.settings_changed',
    'payroll.adjustment_added',
    'payroll.adjustment_cancelled',
  ],
  timelineKinds: {},
  routes: [
    { path: '/payroll/runs', router: payrollRunRoutes },
    { path: '/payroll/employees', router: payrollEmployeeRoutes },
    { path: '/payroll/adjustments', router: payrollAdjustmentRoutes },
    { path: '/payroll/settings', router: payrollSettingsRoutes },
    { path: '/payslips', router: payslipRoutes },
  ],
  routeRules: payrollRouteRules,
};
