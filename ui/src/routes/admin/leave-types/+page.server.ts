import type { AdminLeaveTypesAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import { refusedForm, typedNumber } from '$lib/server/refused-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { leaveTypes } = await apiClient(event).get<AdminLeaveTypesAnswer>('/api/admin/leave-types').catch(rethrowAsAdminError);
  return { leaveTypes };
};

/** The fields of the create and edit forms; unticked checkboxes send nothing, so they read as false. */
function leaveTypeFormFrom(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? '').trim();
  return {
    code: text('code'),
    name: text('name'),
    hasBalance: formData.has('hasBalance'),
    paid: formData.has('paid'),
    maxDays: typedNumber(text('maxDays')),
    active: formData.has('active'),
  };
}

export const actions: Actions = {
  create: async (event) => {
    const leaveType = leaveTypeFormFrom(await event.request.formData());
    try {
      await apiClient(event).post('/api/admin/leave-types', leaveType);
    } catch (cause) {
      return refusedForm(cause, 'create', leaveType);
    }
    return { form: 'create', saved: leaveType.name };
  },
  update: async (event) => {
    const formData = await event.request.formData();
    const original = String(formData.get('original') ?? '');
    const leaveType = leaveTypeFormFrom(formData);
    try {
      await apiClient(event).patch(`/api/admin/leave-types/${encodeURIComponent(original)}`, leaveType);
    } catch (cause) {
      return refusedForm(cause, `update:${original}`, leaveType);
    }
    return { form: `update:${original}`, saved: leaveType.name };
  },
};
