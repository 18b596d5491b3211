import { error, fail, redirect } from '@sveltejs/kit';
import type { SignInAnswer, SignInNext } from '$lib/api-types';
import { ApiError, apiClient, apiErrorFrom } from '$lib/server/api';
import { tryAgainIn } from '$lib/server/retry-after';
import { keepSessionFrom } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

/** Notices other pages send people here with, by `?notice=`; never text from the URL itself. */
const NOTICES: Record<string, string> = {
  'account-created': 'Account created. Sign in.',
};

/** Where the password leads: the second factor, setting one up, or in. */
const NEXT_PAGES: Record<SignInNext, string> = {
  totp: '/sign-in/two-factor',
  'enroll-totp': '/account/two-factor/setup',
  done: '/',
};

export const load: PageServerLoad = ({ locals, url }) => {
  if (locals.user) redirect(303, '/');
  return { notice: NOTICES[url.searchParams.get('notice') ?? ''] ?? null };
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
    if (response.status === 429) {
      const wait = tryAgainIn(response);
      const message = wait ? `Too many failed sign-ins. ${wait}` : (await apiErrorFrom(response)).message;
      return fail(429, { email, message });
    }
    if (!response.ok) {
      const problem = await apiErrorFrom(response);
      return fail(problem.status, { email, message: problem.message });
    }

    const { next } = (await response.json()) as SignInAnswer;
    if (!keepSessionFrom(response, event.cookies)) error(502, 'Signing in did not start a session');
    redirect(303, (next && NEXT_PAGES[next]) ?? '/');
  },
};
