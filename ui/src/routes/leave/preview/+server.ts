import { json } from '@sveltejs/kit';
import type { ApiErrorBody, LeavePreview } from '$lib/api-types';
import { leaveFormFrom } from '$lib/leave-form';
import { ApiError, apiClient } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The request-leave form's live preview: takes the form's fields, answers the API's preview. */
export const POST: RequestHandler = async (event) => {
  const leaveForm = leaveFormFrom(await event.request.formData());
  try {
    return json(await apiClient(event).post<LeavePreview>('/api/leave-requests/preview', leaveForm));
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const body: ApiErrorBody = {
      error: { code: cause.code, message: cause.message, details: cause.details },
    };
    return json(body, { status: cause.status });
  }
};
