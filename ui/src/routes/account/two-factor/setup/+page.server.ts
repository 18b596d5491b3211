import { fail, redirect } from '@sveltejs/kit';
import type { RecoveryCodes, TotpSetup } from '$lib/api-types';
import { ApiError, apiClient, apiErrorFrom, rethrowAsHttpError } from '$lib/server/api';
import { keepSessionFrom } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // Each setup makes a new secret. After a form post the one already scanned must stay: the page
  // then shows the form's answer, not a new code (enhanced posts do not load again at all).
  if (event.request.method !== 'GET') return { setup: null };
  const setup = await apiClient(event).post<TotpSetup>('/api/account/totp/setup').catch(rethrowAsHttpError);
  return { setup };
};

export const actions: Actions = {
  default: async (event) => {
    const code = String((await event.request.formData()).get('code') ?? '').trim();
    if (!code) return fail(400, { message: 'Enter the code from your authenticator app' });

    let response: Response;
    try {
      response = await apiClient(event).send('POST', '/api/account/totp/enable', { body: { code } });
    } catch (cause) {
      if (cause instanceof ApiError) return fail(cause.status, { message: cause.message });
      throw cause;
    }
    if (!response.ok) {
      const problem = await apiErrorFrom(response);
      if (problem.code === 'invalid_code' || problem.code === 'invalid_input') return fail(400, { message: 'Invalid code' });
      if (problem.status === 401) redirect(303, '/sign-in');
      return fail(problem.status, { message: problem.message });
    }
    const { recoveryCodes } = (await response.json()) as RecoveryCodes;
    keepSessionFrom(response, event.cookies);
    return { recoveryCodes };
  },
};
