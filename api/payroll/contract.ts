// The JSON of payroll's routes and of its task panel, named for the UI as ../contract.ts names the
// platform's: types only, each taken from the code that builds it.
import type { Answer, Json } from '../answer.ts';
import type { payrollAdjustmentRoutes } from './adjustment-routes.ts';
import type { payrollPanel } from './case-type.ts';
import type { payslipRoutes } from './payslip-routes.ts';
import type { payrollRunRoutes } from './run-routes.ts';
import type { payrollEmployeeRoutes, payrollSettingsRoutes } from './setup-routes.ts';

export type PayrollRunsAnswer = Answer<typeof payrollRunRoutes, '/', '$get'>;
export type PayrollRunSummary = PayrollRunsAnswer['runs'][number];
export type PayrollRunAnswer = Answer<typeof payrollRunRoutes, '/:run', '$get'>;
export type PayrollRun = PayrollRunAnswer['run'];
export type PayrollLinesAnswer = Answer<typeof payrollRunRoutes, '/:run/lines', '$get'>;
export type PayrollAdjustmentsAnswer = Answer<typeof payrollAdjustmentRoutes, '/', '$get'>;
export type PayrollAdjustment = PayrollAdjustmentsAnswer['adjustments'][number];
export type PayrollLine = PayrollLinesAnswer['lines'][number];
export type PayrollEmployeesAnswer = Answer<typeof payrollEmployeeRoutes, '/', '$get'>;
export type PayrollEmployeeSummary = PayrollEmployeesAnswer['employees'][number];
export type PayrollEmployeeSetup = Answer<typeof payrollEmployeeRoutes, '/:id', '$get'>;
export type PayrollSettingsAnswer = Answer<typeof payrollSettingsRoutes, '/', '$get'>;
export type PayslipsAnswer = Answer<typeof payslipRoutes, '/', '$get'>;
export type Payslip = PayslipsAnswer['payslips'][number];
export type PayrollPanel = Json<NonNullable<Awaited<ReturnType<typeof payrollPanel>>>>;
