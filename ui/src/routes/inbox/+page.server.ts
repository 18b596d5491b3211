import type { Task } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import { bulkDecisionActions } from '$lib/server/bulk-decisions';
import { loadSavedViews, savedViewActions } from '$lib/server/saved-views';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const api = apiClient(event);
  const [open, done, views] = await Promise.all([
    api.get<{ tasks: Task[] }>('/api/tasks?status=open'),
    api.get<{ tasks: Task[] }>('/api/tasks?status=done'),
    loadSavedViews(event),
  ]).catch(rethrowAsHttpError);
  // Decided here, so that server and browser render the same highlight.
  const now = Date.now();
  return {
    openTasks: open.tasks.map((task) => ({ task, overdue: task.dueAt !== null && Date.parse(task.dueAt) < now })),
    doneTasks: done.tasks,
    ...views,
  };
};

export const actions: Actions = { ...savedViewActions, ...bulkDecisionActions };
