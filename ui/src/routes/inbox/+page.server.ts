import type { Task } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const api = apiClient(event);
  const [open, done] = await Promise.all([
    api.get<{ tasks: Task[] }>('/api/tasks?status=open'),
    api.get<{ tasks: Task[] }>('/api/tasks?status=done'),
  ]).catch(rethrowAsHttpError);
  return { openTasks: open.tasks.map((task) => ({ task, leaveRequest: task.leaveRequest ?? null })), doneTasks: done.tasks };
};
