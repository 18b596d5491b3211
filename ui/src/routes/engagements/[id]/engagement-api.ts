import type { RequestEvent } from '@sveltejs/kit';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, rethrowAsHttpError } from '$lib/server/api';

/** The API's path of the page's engagement. */
export const engagementPath = (event: Pick<RequestEvent, 'params'>) => `/api/engagements/${encodeURIComponent(event.params.id ?? '')}`;

/** A refusal for the form that asked (the status, the API's words, its field errors); anything else as a load would. */
export function refusalOf(cause: unknown) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return { status: cause.status, message: cause.message, fieldErrors: fieldErrorsFrom(cause.details) };
}
