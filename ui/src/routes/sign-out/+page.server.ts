import { redirect } from '@sveltejs/kit';
import { apiClient } from '$lib/server/api';
import { clearSessionCookie } from '$lib/server/session-cookie';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = () => redirect(307, '/');

export const actions: Actions = {
  default: async (event) => {
    // Signing out here must work even when the API cannot end its session.
    await apiClient(event)
      .post('/api/auth/sign-out')
      .catch((cause: unknown) => console.error('API sign-out failed', cause));
    clearSessionCookie(event.cookies);
    redirect(303, '/sign-in');
  },
};
