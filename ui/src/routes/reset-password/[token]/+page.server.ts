import { fail } from '@sveltejs/kit';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient } from '$lib/server/api';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const newPassword = String((await event.request.formData()).get('newPassword') ?? '');
    try {
      await apiClient(event).post('/api/auth/password-reset/complete', { token: event.params.token, newPassword });
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      const fieldErrors = fieldErrorsFrom(cause.details);
      if (cause.code === 'invalid_token' || fieldErrors.token) return fail(400, { expired: true });
      const passwordError = fieldErrors.newPassword ?? null;
      return fail(cause.status, { passwordError, message: passwordError ? null : cause.message });
    }
    return { changed: true };
  },
};
