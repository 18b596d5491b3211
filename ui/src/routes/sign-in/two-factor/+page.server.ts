import { redirect } from '@sveltejs/kit';
import { submitAuthenticationCode } from '$lib/server/authentication-code';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
  // Only a session waiting for its code gets here (see hooks); one that has it goes in.
  if (locals.session?.twoFactor === 'verified') redirect(303, '/');
};

export const actions: Actions = {
  default: async (event) => {
    const answer = await submitAuthenticationCode(event, '/api/auth/sign-in/totp', 401);
    if ('refusal' in answer) return answer.refusal;
    redirect(303, '/');
  },
};
