import { fail, redirect, type Cookies } from '@sveltejs/kit';
import type { AccountPreferences, AccountSessionsAnswer, RecoveryCodes } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  // Task e-mails are for people who work on tasks; a client's account page has no such choice.
  const [{ sessions }, preferences] = await Promise.all([
    api.get<AccountSessionsAnswer>('/api/account/sessions').catch(rethrowAsHttpError),
    can(event.locals.user, 'tasks:work')
      ? api.get<AccountPreferences>('/api/account/preferences').catch(rethrowAsHttpError)
      : Promise.resolve(null),
  ]);
  return { sessions, preferences };
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

  emailMode: async (event) => {
    const emailMode = String((await event.request.formData()).get('emailMode') ?? '');
    try {
      await apiClient(event).put('/api/account/preferences', { emailMode });
    } catch (cause) {
      const problem = refusal(cause);
      return fail(problem.status, { emailModeMessage: problem.message });
    }
    return {
      emailModeSaved: emailMode === 'digest' ? 'Saved: one digest a day, at 07:00.' : 'Saved: an e-mail for each task as it comes.',
    };
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
