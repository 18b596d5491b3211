import type { FieldErrors } from './field-errors';

/** What a form action answers (an admin page's, a client's page's); `form` names which of a page's forms it was. */
export type FormAnswer =
  { form?: string; message?: string; fieldErrors?: FieldErrors; values?: Record<string, unknown> } | null | undefined;

/** The answer as one form on a page reads it: nothing at all when the answer was another form's. */
export function answerOf(answer: FormAnswer, name: string) {
  const mine = answer?.form === name ? answer : undefined;
  return {
    fieldErrors: mine?.fieldErrors ?? {},
    message: mine?.message ?? null,
    /** A value as typed into the form, for showing it again after a refusal. */
    value(field: string): string {
      const value = mine?.values?.[field];
      return value === undefined || value === null ? '' : String(value);
    },
  };
}
