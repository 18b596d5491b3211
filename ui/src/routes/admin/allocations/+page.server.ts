import { randomUUID } from 'node:crypto';
import type { Allocations, AllocationsMade } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import { refusedForm, typedNumber } from '$lib/server/refused-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  // The API checks the year and the type; a page address with wrong ones gets its 400.
  const query = new URLSearchParams();
  for (const name of ['year', 'leaveTypeCode']) {
    const value = event.url.searchParams.get(name);
    if (value) query.set(name, value);
  }
  const allocations = await apiClient(event)
    .get<Allocations>(`/api/admin/allocations${query.size > 0 ? `?${query}` : ''}`)
    .catch(rethrowAsAdminError);
  // A new key for each rendering of the correction form: posting it twice records one correction.
  return { allocations, adjustmentId: randomUUID() };
};

const textOf = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();

export const actions: Actions = {
  allocate: async (event) => {
    const formData = await event.request.formData();
    const values = {
      leaveTypeCode: textOf(formData, 'leaveTypeCode'),
      year: typedNumber(textOf(formData, 'year')),
      days: typedNumber(textOf(formData, 'days')),
    };
    try {
      const result = await apiClient(event).post<AllocationsMade>('/api/admin/allocations', values);
      return {
        form: 'allocate',
        done: `${result.allocated} people got ${values.days} days; ${result.alreadyAllocated} had this year’s allocation already.`,
      };
    } catch (cause) {
      return refusedForm(cause, 'allocate', values);
    }
  },
  adjust: async (event) => {
    const formData = await event.request.formData();
    const values = {
      adjustmentId: textOf(formData, 'adjustmentId'),
      employeeId: textOf(formData, 'employeeId'),
      leaveTypeCode: textOf(formData, 'leaveTypeCode'),
      year: typedNumber(textOf(formData, 'year')),
      days: typedNumber(textOf(formData, 'days')),
      reason: textOf(formData, 'reason'),
    };
    try {
      await apiClient(event).post('/api/admin/allocations/adjustments', values);
    } catch (cause) {
      return refusedForm(cause, 'adjust', values);
    }
    return { form: 'adjust', done: `The correction of ${values.days} days was recorded.` };
  },
};
