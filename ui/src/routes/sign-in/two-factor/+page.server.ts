import { fail, redirect } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom } from '$lib/server/api';
import { tryAgainIn } from '$lib/server/retry-after';
import { keepSessionFrom } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  // Only a session waiting for its code gets here (see hooks); one that has it goes in.
  if (locals.session?.twoFactor === 'verified') redirect(303, '/');
};

export const actions: Actions = {
  default: async (event) => {
    const code = String((await event.request.formData()).get('code') ?? '').trim();
    if (!code) return fail(400, { message: 'Enter the code from your authenticator app' });

    let response: Response;
    try {
      response = await apiClient(event).send('POST', '/api/auth/sign-in/totp', { body: { code } });
    } catch (cause) {
      if (cause instanceof ApiError) return fail(cause.status, { message: cause.message });
      throw cause;
    }
    if (!response.ok) {
      const problem = await apiErrorFrom(response);
      if (problem.code === 'invalid_code' || problem.code === 'invalid_input') return fail(401, { message: 'Invalid code' });
      if (problem.status === 401) redirect(303, '/sign-in');
      if (problem.status === 429) return fail(429, { message: `Too many attempts. ${tryAgainIn(response) ?? problem.message}` });
      return fail(problem.status, { message: problem.message });
    }
    // The API may start a fresh session once both factors are in.
    keepSessionFrom(response, event.cookies);
    redirect(303, '/');
  },
};
