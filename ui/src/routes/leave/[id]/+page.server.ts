import { fail } from '@sveltejs/kit';
import type { LeaveRequest, LeaveRequestDetail } from '$lib/api-types';
import { calendarDateIn } from '$lib/format';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { serverTimeZone } from '$lib/server/time-zone';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { leaveRequest, timeline } = await apiClient(event)
    .get<LeaveRequestDetail>(`/api/leave-requests/${encodeURIComponent(event.params.id)}`)
    .catch(rethrowAsHttpError);
  const ownRequest = leaveRequest.employeeId === event.locals.user?.id;
  return { leaveRequest, timeline, cancellable: ownRequest && isCancellable(leaveRequest) };
};

/** The API has the last word (409); this only decides whether to offer the form. */
function isCancellable({ status, startDate }: LeaveRequest): boolean {
  const today = calendarDateIn(new Date(), serverTimeZone);
  return status === 'pending' || (status === 'approved' && startDate > today);
}

export const actions: Actions = {
  default: async (event) => {
    const reason = String((await event.request.formData()).get('reason') ?? '').trim();
    try {
      await apiClient(event).post(`/api/leave-requests/${encodeURIComponent(event.params.id)}/cancel`, reason ? { reason } : {});
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
      const message = cause.status === 409 ? cause.message || 'This request can no longer be cancelled' : cause.message;
      return fail(cause.status, { reason, message });
    }
    return { cancelled: true };
  },
};
