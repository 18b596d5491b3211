import { fail } from '@sveltejs/kit';
import type { AwayOverview } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  away: await apiClient(event).get<AwayOverview>('/api/account/away').catch(rethrowAsHttpError),
});

/** A refusal the form shows; anything else is handled as in loads. */
async function attempt(run: () => Promise<unknown>, form: 'delegate' | 'absence' | 'end') {
  try {
    await run();
    return null;
  } catch (cause) {
    if (!(cause instanceof ApiError) || cause.status >= 500 || cause.code === 'unauthenticated') rethrowAsHttpError(cause);
    return fail(cause.status, { form, message: cause.message, errors: fieldErrorsFrom(cause.details) });
  }
}

export const actions: Actions = {
  delegate: async (event) => {
    const data = await event.request.formData();
    const delegateId = String(data.get('delegateId') ?? '');
    return (
      (await attempt(() => apiClient(event).put('/api/account/away/delegate', { delegateId: delegateId || null }), 'delegate')) ?? {
        form: 'delegate',
        done: delegateId ? 'Your delegate is saved.' : 'No delegate: the next up your reporting line stands in.',
      }
    );
  },
  absence: async (event) => {
    const data = await event.request.formData();
    const body = {
      startsOn: String(data.get('startsOn') ?? ''),
      endsOn: String(data.get('endsOn') ?? ''),
      note: String(data.get('note') ?? ''),
    };
    return (
      (await attempt(() => apiClient(event).post('/api/account/away/absences', body), 'absence')) ?? {
        form: 'absence',
        done: 'Your absence is set.',
      }
    );
  },
  end: async (event) => {
    const id = String((await event.request.formData()).get('absenceId') ?? '');
    return (
      (await attempt(() => apiClient(event).post(`/api/account/away/absences/${encodeURIComponent(id)}/end`, {}), 'end')) ?? {
        form: 'end',
        done: 'Welcome back: tasks held for you are yours again.',
      }
    );
  },
};
