import { fail } from '@sveltejs/kit';
import type { NotificationPage } from '$lib/api-types';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:notifications');
  const cursor = event.url.searchParams.get('cursor');
  const query = cursor ? `?cursor=${encodeURIComponent(cursor)}` : '';
  const page = await apiClient(event).get<NotificationPage>(`/api/notifications${query}`).catch(rethrowAsHttpError);
  return { ...page, olderThanFirstPage: cursor !== null };
};

function refused(cause: unknown) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return fail(cause.status, { message: cause.message });
}

export const actions: Actions = {
  read: async (event) => {
    const id = String((await event.request.formData()).get('id') ?? '');
    try {
      await apiClient(event).post(`/api/notifications/${encodeURIComponent(id)}/read`, {});
    } catch (cause) {
      return refused(cause);
    }
    return { done: 'Marked as read.' };
  },
  readAll: async (event) => {
    try {
      await apiClient(event).post('/api/notifications/read-all', {});
    } catch (cause) {
      return refused(cause);
    }
    return { done: 'All notifications are marked as read.' };
  },
};
