import type { PayrollRunSummary } from './api-types';

/** A run's stage as HR and finance call it. */
export const payrollStages: Record<PayrollRunSummary['status'], string> = {
  computing: 'Computing',
  review: 'HR review',
  approval: 'Finance approval',
  approved: 'Approved: payslips sent, payment to confirm',
  paid: 'Paid',
};
