import { fail, type RequestEvent } from '@sveltejs/kit';
import type { BulkDecisionAnswer } from '$lib/api-types';
import { bulkInput } from '$lib/bulk-decision';
import { ApiError, apiClient, rethrowAsHttpError } from './api';

// Said for the whole page; the API's own message for anything else (a form that does not validate names its field).
const REASONS: Record<string, string> = {
  task_not_open: 'it was already decided or withdrawn',
  not_found: 'it is not in your inbox any more',
  bulk_not_allowed: 'tasks of this kind are decided one by one',
};

/** The bulk form's inputs named with `prefix`, without it; empty ones are not sent (the API treats them as absent). */
function inputsNamed(formData: FormData, prefix: string): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const [name, value] of formData) {
    if (name.startsWith(prefix) && typeof value === 'string' && value.trim() !== '') inputs[name.slice(prefix.length)] = value.trim();
  }
  return inputs;
}

export const bulkDecisionActions = {
  decideInBulk: async (event: RequestEvent) => {
    const formData = await event.request.formData();
    const taskIds = formData.getAll('taskId').filter((id): id is string => typeof id === 'string');
    if (taskIds.length === 0) return fail(400, { bulk: { message: 'Select the tasks to decide first.', results: [] } });
    const titles = inputsNamed(formData, bulkInput.title);
    try {
      const { results } = await apiClient(event).post<BulkDecisionAnswer>('/api/tasks/bulk-complete', {
        taskIds,
        values: inputsNamed(formData, bulkInput.value),
      });
      return {
        bulk: {
          message: `${results.filter((r) => r.ok).length} of ${results.length} decided.`,
          results: results.map((result) => ({
            taskId: result.taskId,
            title: titles[result.taskId] ?? 'A task',
            ok: result.ok,
            reason: result.ok ? null : (REASONS[result.error.code] ?? result.error.message),
          })),
        },
      };
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
      return fail(cause.status, { bulk: { message: cause.message, results: [] } });
    }
  },
};
