import { json } from '@sveltejs/kit';
import type { ApiErrorBody, LeavePreview } from '$lib/api-types';
import { leaveFormFrom } from '$lib/leave-form';
import { ApiError, apiClient } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The request-leave form's live preview: takes the form's fields, answers the API's preview. */
export const POST: RequestHandler = async (event) => {
  const leaveForm = leaveFormFrom(await event.request.formData());
  // The preview is about days and balance, but the API checks the whole form: a reason not yet
  // written must not hide it.
  const previewForm = { ...leaveForm, reason: leaveForm.reason || 'Preview' };
  try {
    return json(await apiClient(event).post<LeavePreview>('/api/leave-requests/preview', previewForm));
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    const body: ApiErrorBody = {
      error: { code: cause.code, message: cause.message, details: cause.details },
    };
    return json(body, { status: cause.status });
  }
};
