import type { Task } from '$lib/api-types';
import { apiClient } from '$lib/server/api';
import { serverTimeZone } from '$lib/server/time-zone';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  event.depends('app:tasks');
  const { user } = event.locals;
  if (!user) return { user: null, openTaskCount: null, timeZone: serverTimeZone };

  // The badge is a convenience: when counting fails, the page still renders without it.
  const openTaskCount = await apiClient(event)
    .get<{ tasks: Task[] }>('/api/tasks?status=open')
    .then(({ tasks }) => tasks.length)
    .catch(() => null);
  return { user, openTaskCount, timeZone: user.timeZone ?? serverTimeZone };
};
