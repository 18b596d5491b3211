import { fail, type RequestEvent } from '@sveltejs/kit';
import type { PayrollEmployeeSetup, PayrollSettingsAnswer } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import { refusedForm } from '$lib/server/refused-form';
import { componentErrorsAtRows, componentsFrom } from './structure-components';
import type { Actions, PageServerLoad } from './$types';

const setupPath = (event: Pick<RequestEvent, 'params'>) => `/api/payroll/employees/${encodeURIComponent(event.params.id ?? '')}`;

/** The organisation's currency: amounts are typed and shown in it. */
async function currencyOf(event: RequestEvent) {
  const { settings } = await apiClient(event).get<PayrollSettingsAnswer>('/api/payroll/settings').catch(rethrowAsAdminError);
  return settings.currency;
}

export const load: PageServerLoad = async (event) => {
  const [setup, currency] = await Promise.all([
    apiClient(event).get<PayrollEmployeeSetup>(setupPath(event)).catch(rethrowAsAdminError),
    currencyOf(event),
  ]);
  return { ...setup, currency };
};

const text = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();

export const actions: Actions = {
  employment: async (event) => {
    const formData = await event.request.formData();
    const employment = { joinedOn: text(formData, 'joinedOn'), leftOn: text(formData, 'leftOn'), iban: text(formData, 'iban') };
    try {
      await apiClient(event).put(`${setupPath(event)}/employment`, {
        joinedOn: employment.joinedOn,
        leftOn: employment.leftOn || null,
        iban: employment.iban || null,
      });
    } catch (cause) {
      return refusedForm(cause, 'employment', employment);
    }
    return { form: 'employment', saved: 'The employment is saved.' };
  },

  structure: async (event) => {
    const formData = await event.request.formData();
    const effectiveFrom = text(formData, 'effectiveFrom');
    const read = componentsFrom(formData, await currencyOf(event));
    const refused = { form: 'structure', effectiveFrom, entered: read.entered, message: 'The structure was not saved.' };
    if (Object.keys(read.problems).length > 0) return fail(400, { ...refused, fieldErrors: read.problems });
    try {
      await apiClient(event).post(`${setupPath(event)}/structures`, { effectiveFrom, components: read.components });
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
      const fieldErrors = componentErrorsAtRows(fieldErrorsFrom(cause.details), read.rowOfComponent);
      return fail(cause.status, { ...refused, message: cause.message, fieldErrors });
    }
    return { form: 'structure', saved: `The structure from ${effectiveFrom} is saved.` };
  },
};
