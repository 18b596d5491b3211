import type { TaskForm } from '../human-task/form.ts';
import { decision, textWhen } from '../human-task/form-fields.ts';

export const payrollReviewForm: TaskForm = {
  fields: [
    decision([['submit', 'Submit for approval']]),
    { name: 'comment', label: 'Comment', type: 'text', required: false, maxLength: 2000 },
  ],
};

export const payrollApprovalForm: TaskForm = {
  fields: [
    decision([
      ['approve', 'Approve'],
      ['send_back', 'Send back to HR'],
    ]),
    textWhen('reason', 'Reason', 'send_back'),
  ],
};

export const paymentForm: TaskForm = { fields: [decision([['paid', 'The bank transfer is done']])] };
