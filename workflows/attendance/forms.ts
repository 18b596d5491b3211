import type { TaskForm } from '../human-task/form.ts';

export const checkOutForm: TaskForm = {
  fields: [
    // The kit has no clock-time field: the workflow reads HH:MM and sends the task back if it cannot.
    { name: 'checkOutTime', label: 'Check-out time (HH:MM, your organisation’s clock)', type: 'text', required: true, maxLength: 5 },
    { name: 'comment', label: 'Comment', type: 'text', required: false, maxLength: 500 },
  ],
};

export const correctionApprovalForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [
        { value: 'approve', label: 'Approve' },
        { value: 'send_back', label: 'Send back' },
      ],
    },
    {
      name: 'comment',
      label: 'Comment',
      type: 'text',
      required: false,
      maxLength: 500,
      requiredWhen: { field: 'decision', equals: 'send_back' },
    },
  ],
};
