// Builders for the fields most steps' forms have: a decision, and a text the decider owes for one
// of its choices (a reason, what is missing). A process's forms.ts composes them.
import type { FormField } from './form.ts';

/** A required choice named `decision`, its options as [value, label] pairs. */
export const decision = (options: [string, string][]): FormField => ({
  name: 'decision',
  label: 'Decision',
  type: 'choice',
  required: true,
  options: options.map(([value, label]) => ({ value, label })),
});

/** A text the decider owes when the decision is `equals`. */
export const textWhen = (name: string, label: string, equals: string, maxLength = 2000): FormField => ({
  name,
  label,
  type: 'text',
  required: false,
  maxLength,
  requiredWhen: { field: 'decision', equals },
});
