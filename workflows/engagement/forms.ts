// The engagement's task forms. A task keeps the form it was opened with, so a change here never
// changes tasks already open.
import type { ChoiceOption, TaskForm } from '../human-task/form.ts';
import { decision, textWhen } from '../human-task/form-fields.ts';

/** The first date a follow-up may fall on: tomorrow (UTC), from the workflow's clock. */
export function qualificationForm(tomorrow: string): TaskForm {
  return {
    fields: [
      decision([
        ['qualify', 'Qualified'],
        ['disqualify', 'Disqualify'],
        ['follow_up', 'Follow up later'],
      ]),
      textWhen('reason', 'Reason', 'disqualify'),
      {
        name: 'followUpOn',
        label: 'Follow up on',
        type: 'date',
        required: false,
        min: tomorrow,
        requiredWhen: { field: 'decision', equals: 'follow_up' },
      },
    ],
  };
}

export const prepareQuoteForm: TaskForm = {
  fields: [],
  elsewhere: 'Prepare the quote on the engagement page: its lines, then send it.',
};

export const quoteApprovalForm: TaskForm = {
  fields: [
    decision([
      ['approve', 'Approve'],
      ['send_back', 'Send back'],
    ]),
    textWhen('comment', 'Comment', 'send_back'),
  ],
};

export const clientAnswerForm: TaskForm = {
  fields: [
    decision([
      ['accepted', 'The client accepted'],
      ['declined', 'The client declined'],
    ]),
    textWhen('reason', 'Reason', 'declined'),
  ],
};

export function onboardingForm(departments: ChoiceOption[]): TaskForm {
  return {
    fields: [
      { name: 'requirements', label: 'Requirements', type: 'text', required: true, maxLength: 10_000 },
      { name: 'departments', label: 'Departments needed', type: 'multiChoice', required: true, options: departments, minSelected: 1 },
      { name: 'documents', label: 'Requirements document', type: 'attachment', required: false },
    ],
  };
}

export const validationForm: TaskForm = {
  fields: [
    decision([
      ['validate', 'Validated'],
      ['send_back', 'Send back'],
    ]),
    textWhen('missing', 'What is missing', 'send_back'),
  ],
};

export const departmentApprovalForm: TaskForm = {
  fields: [
    decision([
      ['approve', 'Approve'],
      ['approve_with_changes', 'Approve with changes'],
      ['reject', 'Reject'],
    ]),
    {
      name: 'comment',
      label: 'Comment',
      type: 'text',
      required: false,
      maxLength: 2000,
      requiredWhen: { field: 'decision', equals: 'reject' },
    },
  ],
};

export const breakdownForm: TaskForm = {
  fields: [],
  elsewhere: 'Break the work down on the engagement page: items, assignees, estimates and dependencies.',
};

export const workForm: TaskForm = {
  fields: [{ name: 'note', label: 'What was done', type: 'text', required: false, maxLength: 2000 }],
};

export const reviewForm: TaskForm = {
  fields: [
    decision([
      ['approve', 'Done'],
      ['return', 'Return with findings'],
    ]),
    textWhen('findings', 'Findings', 'return'),
  ],
};

export function qaForm(items: ChoiceOption[]): TaskForm {
  return {
    fields: [
      decision([
        ['pass', 'Passes'],
        ['return', 'Return items'],
      ]),
      {
        name: 'items',
        label: 'Items to return',
        type: 'multiChoice',
        required: false,
        options: items,
        requiredWhen: { field: 'decision', equals: 'return' },
      },
      textWhen('findings', 'Findings', 'return'),
    ],
  };
}

export const acceptanceForm: TaskForm = {
  fields: [
    decision([
      ['accepted', 'The client accepted'],
      ['changes', 'The client asked for changes'],
    ]),
    textWhen('changes', 'Changes asked for', 'changes'),
  ],
};
