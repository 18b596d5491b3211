import { fail } from '@sveltejs/kit';
import type { AttendanceDaysAnswer } from '$lib/api-types';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const month = event.url.searchParams.get('month');
  const query = month && /^\d{4}-\d{2}$/.test(month) ? `?month=${month}` : '';
  return { attendance: await apiClient(event).get<AttendanceDaysAnswer>(`/api/attendance/days${query}`).catch(rethrowAsHttpError) };
};

/** Check-in and check-out send no time: the API takes the server's. */
async function record(event: Parameters<Actions[string]>[0], what: 'check-in' | 'check-out') {
  try {
    await apiClient(event).post(`/api/attendance/${what}`);
  } catch (cause) {
    if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
    return fail(cause.status, { message: cause.message });
  }
  return { done: what };
}

export const actions: Actions = {
  checkIn: (event) => record(event, 'check-in'),
  checkOut: (event) => record(event, 'check-out'),
};
