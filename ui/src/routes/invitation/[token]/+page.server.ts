import { error, fail, redirect } from '@sveltejs/kit';
import type { InvitationPreview } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const NOT_VALID = 'This invitation is not valid any more';

export const load: PageServerLoad = async (event) => {
  try {
    const invitation = await apiClient(event).get<InvitationPreview>(`/api/auth/invitations/${encodeURIComponent(event.params.token)}`);
    return { invitation };
  } catch (cause) {
    // A malformed token (400) is as invalid as an unknown one.
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) error(404, NOT_VALID);
    rethrowAsHttpError(cause);
  }
};

export const actions: Actions = {
  default: async (event) => {
    const password = String((await event.request.formData()).get('password') ?? '');
    try {
      await apiClient(event).post('/api/auth/invitations/accept', { token: event.params.token, password });
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      if (cause.status === 404 || cause.code === 'invalid_token') error(404, NOT_VALID);
      const passwordError = fieldErrorsFrom(cause.details).password ?? null;
      return fail(cause.status, { passwordError, message: passwordError ? null : cause.message });
    }
    redirect(303, '/sign-in?notice=account-created');
  },
};
