// Every workflow type the worker registers; the bundler starts here.
export { inboxDigestWorkflow } from './inbox-digest/workflow.ts';
export { leaveRequestWorkflow } from './leave/workflow.ts';
export { engagementWorkflow } from './engagement/workflow.ts';
export { engagementWorkItemWorkflow } from './engagement/work-item.ts';
export { attendanceCorrectionWorkflow } from './attendance/correction.ts';
export { missedCheckOutsWorkflow } from './attendance/missed-check-outs.ts';
export { payrollRunWorkflow } from './payroll/workflow.ts';
export { scheduledPayrollWorkflow } from './payroll/scheduled.ts';
