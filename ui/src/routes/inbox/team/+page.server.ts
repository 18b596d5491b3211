import { fail } from '@sveltejs/kit';
import type { ReassignAnswer, TeamTasks } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const cursor = event.url.searchParams.get('cursor');
  const { tasks, nextCursor, candidates } = await apiClient(event)
    .get<TeamTasks>(`/api/tasks/team${cursor ? `?cursor=${encodeURIComponent(cursor)}` : ''}`)
    .catch(rethrowAsAdminError);
  return {
    nextCursor,
    onLaterPage: cursor !== null,
    teamTasks: tasks.map((task) => ({
      task,
      // Handing a task to the one who holds it would change nothing.
      handTo: candidates
        .filter((candidate) => candidate.id !== task.assigneeId)
        .map((candidate) => ({ value: candidate.id, label: candidate.name })),
    })),
  };
};

const REFUSALS: Record<number, string> = {
  404: 'This task is gone, or not one you can reassign',
};

export const actions: Actions = {
  default: async (event) => {
    const formData = await event.request.formData();
    const taskId = String(formData.get('taskId') ?? '');
    const values = { assigneeId: String(formData.get('assigneeId') ?? ''), reason: String(formData.get('reason') ?? '').trim() };
    try {
      const { task } = await apiClient(event).post<ReassignAnswer>(`/api/tasks/${encodeURIComponent(taskId)}/reassign`, {
        assigneeId: values.assigneeId,
        ...(values.reason ? { reason: values.reason } : {}),
      });
      return { reassigned: task };
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
      const fieldErrors = fieldErrorsFrom(cause.details);
      // The API's own words say more than its detail ("not within your scope, or deactivated").
      if (cause.code === 'invalid_assignee') fieldErrors.assigneeId = cause.message;
      return fail(cause.status, { taskId, values, message: REFUSALS[cause.status] ?? cause.message, fieldErrors });
    }
  },
};
