import type { InboxCount, InboxPage } from '$lib/api-types';
import { inboxFiltersOf, queryString } from '$lib/inbox-query';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import { bulkDecisionActions } from '$lib/server/bulk-decisions';
import { loadSavedViews, savedViewActions } from '$lib/server/saved-views';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const api = apiClient(event);
  const filters: Record<string, string> = { ...inboxFiltersOf(event.url.searchParams), status: 'open' };
  const cursor = event.url.searchParams.get('cursor');
  const { queue: _queue, ...beyondQueue } = filters;
  const [open, counts, done, views] = await Promise.all([
    api.get<InboxPage>(`/api/tasks?${queryString({ ...filters, ...(cursor ? { cursor } : {}) })}`),
    // The queue links count what the other filters find, whichever queue is picked.
    api.get<InboxCount>(`/api/tasks/count?${queryString(beyondQueue)}`),
    api.get<InboxPage>('/api/tasks?status=done&limit=20'),
    loadSavedViews(event),
  ]).catch(rethrowAsHttpError);
  // Decided here, so that server and browser render the same highlight.
  const now = Date.now();
  return {
    filters,
    onLaterPage: cursor !== null,
    nextCursor: open.nextCursor,
    counts,
    openTasks: open.tasks.map((task) => ({ task, overdue: task.dueAt !== null && Date.parse(task.dueAt) < now })),
    doneTasks: done.tasks,
    ...views,
  };
};

export const actions: Actions = { ...savedViewActions, ...bulkDecisionActions };
