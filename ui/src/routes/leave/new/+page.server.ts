import { fail, redirect } from '@sveltejs/kit';
import type { LeaveRequestAnswer, LeaveTypesAnswer } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { leaveFormFrom } from '$lib/leave-form';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { leaveTypes } = await apiClient(event).get<LeaveTypesAnswer>('/api/leave-types').catch(rethrowAsHttpError);
  // The idempotency key: submitting this form twice creates one request.
  return { leaveTypes, requestId: crypto.randomUUID() };
};

export const actions: Actions = {
  default: async (event) => {
    const leaveForm = leaveFormFrom(await event.request.formData());
    let leaveRequest: LeaveRequestAnswer['leaveRequest'];
    try {
      ({ leaveRequest } = await apiClient(event).post<LeaveRequestAnswer>('/api/leave-requests', leaveForm));
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
      return fail(cause.status, {
        values: leaveForm,
        message: cause.message,
        fieldErrors: fieldErrorsFrom(cause.details),
      });
    }
    redirect(303, `/leave/${leaveRequest.id}`);
  },
};
