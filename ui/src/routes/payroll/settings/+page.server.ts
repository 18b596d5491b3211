import type { PayrollSettingsAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import { refusedForm, typedNumber } from '$lib/server/refused-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) =>
  apiClient(event).get<PayrollSettingsAnswer>('/api/payroll/settings').catch(rethrowAsAdminError);

export const actions: Actions = {
  save: async (event) => {
    const formData = await event.request.formData();
    const settings = {
      currency: String(formData.get('currency') ?? '')
        .trim()
        .toUpperCase(),
      payrollDay: typedNumber(String(formData.get('payrollDay') ?? '').trim()),
    };
    try {
      await apiClient(event).put('/api/payroll/settings', settings);
    } catch (cause) {
      return refusedForm(cause, 'settings', settings);
    }
    return { form: 'settings', saved: true };
  },
};
