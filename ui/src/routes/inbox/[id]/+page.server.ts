import { fail, redirect } from '@sveltejs/kit';
import type { TaskDetail } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  return apiClient(event)
    .get<TaskDetail>(`/api/tasks/${encodeURIComponent(event.params.id)}`)
    .catch(rethrowAsHttpError);
};

const REFUSALS: Record<number, string> = {
  409: 'This task was already decided',
  403: 'You are not allowed to decide this task',
  422: 'The decision is not complete: check the fields below',
};

export const actions: Actions = {
  default: async (event) => {
    const values = decisionValuesFrom(await event.request.formData());
    try {
      await apiClient(event).post(`/api/tasks/${encodeURIComponent(event.params.id)}/complete`, { values });
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
      return fail(cause.status, {
        values,
        message: REFUSALS[cause.status] ?? cause.message,
        fieldErrors: fieldErrorsFrom(cause.details),
      });
    }
    redirect(303, '/inbox');
  },
};

/** The task form's fields by name; a field left empty is not sent, as the API treats it as absent. */
function decisionValuesFrom(formData: FormData): Record<string, string> {
  const values: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (typeof value === 'string' && value.trim() !== '') values[name] = value.trim();
  }
  return values;
}
