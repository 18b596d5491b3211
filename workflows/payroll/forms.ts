import type { TaskForm } from '../human-task/form.ts';

export const payrollReviewForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [{ value: 'submit', label: 'Submit for approval' }],
    },
    { name: 'comment', label: 'Comment', type: 'text', required: false, maxLength: 2000 },
  ],
};

export const payrollApprovalForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [
        { value: 'approve', label: 'Approve' },
        { value: 'send_back', label: 'Send back to HR' },
      ],
    },
    {
      name: 'reason',
      label: 'Reason',
      type: 'text',
      required: false,
      maxLength: 2000,
      requiredWhen: { field: 'decision', equals: 'send_back' },
    },
  ],
};

export const paymentForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [{ value: 'paid', label: 'The bank transfer is done' }],
    },
  ],
};
