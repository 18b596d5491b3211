import { can, signedIn, type RouteRule } from '../access/route-rules.ts';

/** Payroll's routes: salaries are HR's (payroll:run) and finance's (payroll:approve); a payslip its employee's. */
export const payrollRouteRules: Record<string, RouteRule> = {
  'POST /api/payroll/runs': can('payroll:run'),
  // Finance holds payroll:run too, and a rule names one permission: this one serves HR and finance.
  'GET /api/payroll/runs': can('payroll:run'),
  'GET /api/payroll/runs/:run': can('payroll:run'),
  'GET /api/payroll/runs/:run/lines': can('payroll:run'),
  'POST /api/payroll/runs/:run/lines/:employeeId/correction': can('payroll:run'),
  'POST /api/payroll/runs/:run/lines/:employeeId/exclusion': can('payroll:run'),
  'POST /api/payroll/runs/:run/recompute': can('payroll:run'),
  'GET /api/payroll/runs/:run/bank-file': can('payroll:approve'),
  'GET /api/payroll/adjustments': can('payroll:run'),
  'POST /api/payroll/adjustments': can('payroll:run'),
  'DELETE /api/payroll/adjustments/:id': can('payroll:run'),
  'GET /api/payroll/employees': can('payroll:run'),
  'GET /api/payroll/employees/:id': can('payroll:run'),
  'PUT /api/payroll/employees/:id/employment': can('payroll:run'),
  'POST /api/payroll/employees/:id/structures': can('payroll:run'),
  'GET /api/payroll/settings': can('payroll:run'),
  'PUT /api/payroll/settings': can('payroll:run'),
  // One's own only: the handlers never reach another's.
  'GET /api/payslips': signedIn,
  'GET /api/payslips/:id/pdf': signedIn,
};
