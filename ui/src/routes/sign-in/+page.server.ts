import { error, fail, redirect } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom } from '$lib/server/api';
import { sessionTokenFrom, setSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  if (locals.user) redirect(303, '/inbox');
};

export const actions: Actions = {
  default: async (event) => {
    const formData = await event.request.formData();
    const email = String(formData.get('email') ?? '').trim();
    const password = String(formData.get('password') ?? '');
    if (!email || !password) {
      return fail(400, { email, message: 'Enter your email and password' });
    }

    let response: Response;
    try {
      response = await apiClient(event).send('POST', '/api/auth/sign-in', {
        body: { email, password },
      });
    } catch (cause) {
      if (cause instanceof ApiError) return fail(cause.status, { email, message: cause.message });
      throw cause;
    }
    if (response.status === 401) return fail(401, { email, message: 'Invalid email or password' });
    if (!response.ok) {
      const problem = await apiErrorFrom(response);
      return fail(problem.status, { email, message: problem.message });
    }

    const token = sessionTokenFrom(response.headers.getSetCookie());
    if (!token) error(502, 'Signing in did not start a session');
    setSessionCookie(event.cookies, token);
    redirect(303, '/inbox');
  },
};
