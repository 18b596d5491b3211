import type { TaskForm } from '../human-task/form.ts';

export const leaveApprovalForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [
        { value: 'approve', label: 'Approve' },
        { value: 'reject', label: 'Reject' },
      ],
    },
    // A rejection owes the employee a reason.
    {
      name: 'comment',
      label: 'Comment',
      type: 'text',
      required: false,
      maxLength: 1000,
      requiredWhen: { field: 'decision', equals: 'reject' },
    },
  ],
};
