import type { Task, TaskDetail } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const api = apiClient(event);
  const [open, done] = await Promise.all([
    api.get<{ tasks: Task[] }>('/api/tasks?status=open'),
    api.get<{ tasks: Task[] }>('/api/tasks?status=done'),
  ]).catch(rethrowAsHttpError);

  // A task names no employee or dates, so each open one is read with its leave request. A task
  // that cannot be read (decided meanwhile, say) is still listed, by its title.
  const openTasks = await Promise.all(
    open.tasks.map(async (task) => ({
      task,
      leaveRequest: await api
        .get<TaskDetail>(`/api/tasks/${encodeURIComponent(task.id)}`)
        .then((detail) => detail.leaveRequest)
        .catch(() => null),
    })),
  );
  return { openTasks, doneTasks: done.tasks };
};
