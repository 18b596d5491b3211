import type { TaskForm } from '../human-task/form.ts';
import { decision, textWhen } from '../human-task/form-fields.ts';

export const checkOutForm: TaskForm = {
  fields: [
    // The kit has no clock-time field: the workflow reads HH:MM and sends the task back if it cannot.
    { name: 'checkOutTime', label: 'Check-out time (HH:MM, your organisation’s clock)', type: 'text', required: true, maxLength: 5 },
    { name: 'comment', label: 'Comment', type: 'text', required: false, maxLength: 500 },
  ],
};

export const correctionApprovalForm: TaskForm = {
  fields: [
    decision([
      ['approve', 'Approve'],
      ['send_back', 'Send back'],
    ]),
    textWhen('comment', 'Comment', 'send_back', 500),
  ],
};
