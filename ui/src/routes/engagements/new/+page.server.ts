import { randomUUID } from 'node:crypto';
import { fail, redirect } from '@sveltejs/kit';
import type { LeadCapturedAnswer, LeadFormAnswer } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsAdminError, rethrowAsHttpError, type ApiCaller } from '$lib/server/api';
import { leadFieldErrors, leadFrom } from './lead-form';
import type { Actions, PageServerLoad } from './$types';

const formSettings = (caller: ApiCaller) => apiClient(caller).get<LeadFormAnswer>('/api/leads/form').catch(rethrowAsAdminError);

export const load: PageServerLoad = async (event) => {
  const { currency } = await formSettings(event);
  // The lead's id, made when the form is shown: a second submit of the same form joins the first lead.
  return { currency, leadId: randomUUID() };
};

export const actions: Actions = {
  default: async (event) => {
    const { currency } = await formSettings(event);
    const { lead, entered, problems } = leadFrom(await event.request.formData(), currency);
    if (Object.keys(problems).length > 0) {
      return fail(400, { values: entered, message: 'The lead was not saved: see the fields below.', fieldErrors: problems });
    }
    let answer: LeadCapturedAnswer;
    try {
      answer = await apiClient(event).post<LeadCapturedAnswer>('/api/leads', lead);
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
      return fail(cause.status, { values: entered, message: cause.message, fieldErrors: leadFieldErrors(fieldErrorsFrom(cause.details)) });
    }
    redirect(303, `/engagements/${answer.engagement.id}`);
  },
};
