import type { TotpEnabledAnswer, TotpSetup } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import { submitAuthenticationCode } from '$lib/server/authentication-code';
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
    const answer = await submitAuthenticationCode(event, '/api/account/totp/enable', 400);
    if ('refusal' in answer) return answer.refusal;
    const { recoveryCodes } = (await answer.accepted.json()) as TotpEnabledAnswer;
    return { recoveryCodes };
  },
};
