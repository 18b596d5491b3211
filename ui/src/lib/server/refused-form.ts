import { fail } from '@sveltejs/kit';
import { errorsByField, fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, rethrowAsAdminError } from './api';

/**
 * What an admin page's form action answers when the API refuses it: the API's message and field
 * errors, the values as they were typed, and which of the page's forms it was (several share a page).
 * An ended session or an unexpected failure goes as in a load.
 */
export function refusedForm<Values>(cause: unknown, form: string, values: Values) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
  return fail(cause.status, { form, values, message: cause.message, fieldErrors: errorsByField(fieldErrorsFrom(cause.details)) });
}

/** A number typed into a form, or the text itself when it is none, for the API to name the field. */
export function typedNumber(text: string): number | string {
  const number = Number(text);
  return text !== '' && Number.isFinite(number) ? number : text;
}
