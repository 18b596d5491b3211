import { fail } from '@sveltejs/kit';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient } from '$lib/server/api';
import type { Actions } from './$types';

export const actions: Actions = {
  default: async (event) => {
    const email = String((await event.request.formData()).get('email') ?? '').trim();
    try {
      await apiClient(event).post('/api/auth/password-reset', { email });
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      return fail(cause.status, { email, message: fieldErrorsFrom(cause.details).email ?? cause.message });
    }
    // The same answer whether or not the address has an account.
    return { sent: true };
  },
};
