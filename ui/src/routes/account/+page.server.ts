import { fail, redirect, type Cookies } from '@sveltejs/kit';
import type { AccountSessionsAnswer, RecoveryCodes } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { sessions } = await apiClient(event).get<AccountSessionsAnswer>('/api/account/sessions').catch(rethrowAsHttpError);
  return { sessions };
};

/**
 * A refusal the form can show. An ended session (its own code: a wrong password is a 401 as well)
 * or an unexpected failure is handled as in loads.
 */
function refusal(cause: unknown): ApiError {
  if (!(cause instanceof ApiError) || cause.code === 'unauthenticated') rethrowAsHttpError(cause);
  return cause;
}

function signedOut(cookies: Cookies): never {
  clearSessionCookie(cookies);
  redirect(303, '/sign-in');
}

export const actions: Actions = {
  endSession: async (event) => {
    const formData = await event.request.formData();
    const sessionId = String(formData.get('sessionId') ?? '');
    try {
      await apiClient(event).delete(`/api/account/sessions/${encodeURIComponent(sessionId)}`);
    } catch (cause) {
      const problem = refusal(cause);
      return fail(problem.status, { sessionMessage: problem.message });
    }
    // Ending this browser's own session is signing out.
    if (formData.get('current') === 'true') signedOut(event.cookies);
    return { sessionMessage: 'The session was ended.' };
  },

  signOutEverywhere: async (event) => {
    try {
      await apiClient(event).post('/api/auth/sign-out-everywhere');
    } catch (cause) {
      const problem = refusal(cause);
      return fail(problem.status, { sessionMessage: problem.message });
    }
    signedOut(event.cookies);
  },

  changePassword: async (event) => {
    const formData = await event.request.formData();
    const currentPassword = String(formData.get('currentPassword') ?? '');
    const newPassword = String(formData.get('newPassword') ?? '');
    try {
      await apiClient(event).post('/api/account/password', { currentPassword, newPassword });
    } catch (cause) {
      const problem = refusal(cause);
      const passwordErrors = fieldErrorsFrom(problem.details);
      if (problem.code === 'wrong_password') passwordErrors.currentPassword = problem.message;
      return fail(problem.status, { passwordMessage: problem.message, passwordErrors });
    }
    return { passwordChanged: true };
  },

  recoveryCodes: async (event) => {
    const password = String((await event.request.formData()).get('password') ?? '');
    try {
      const { recoveryCodes } = await apiClient(event).post<RecoveryCodes>('/api/account/recovery-codes', { password });
      return { recoveryCodes };
    } catch (cause) {
      const problem = refusal(cause);
      return fail(problem.status, { recoveryMessage: problem.message });
    }
  },
};
