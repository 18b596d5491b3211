import { error, fail, type RequestEvent } from '@sveltejs/kit';
import type { DeliveryAnswered, FeedbackAnswer, PortalEngagementDetail } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsAdminError, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const detail = await apiClient(event)
    .get<PortalEngagementDetail>(`/api/portal/engagements/${encodeURIComponent(event.params.id)}`)
    .catch((cause: unknown) => {
      if (cause instanceof ApiError && (cause.status === 400 || cause.status === 404)) error(404, 'That engagement was not found');
      rethrowAsAdminError(cause);
    });
  return detail;
};

/** Each form's answer names the form, so the page shows it beside the right one. */
function refused(cause: unknown, form: 'delivery' | 'feedback', values: Record<string, string>) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return fail(cause.status, { form, values, message: cause.message, fieldErrors: fieldErrorsFrom(cause.details) });
}

async function answerDelivery(event: RequestEvent<{ id: string }>, accepted: boolean) {
  const changes = accepted ? '' : String((await event.request.formData()).get('changes') ?? '').trim();
  try {
    await apiClient(event).post<DeliveryAnswered>(`/api/portal/engagements/${encodeURIComponent(event.params.id)}/delivery`, {
      accepted,
      changes: changes || undefined,
    });
  } catch (cause) {
    return refused(cause, 'delivery', { changes });
  }
  return { form: 'delivery' as const, done: accepted ? 'Thank you: you accepted the delivery.' : 'Thank you: we will make the changes.' };
}

export const actions: Actions = {
  accept: (event) => answerDelivery(event, true),
  changes: (event) => answerDelivery(event, false),
  feedback: async (event) => {
    const data = await event.request.formData();
    const values = { rating: String(data.get('rating') ?? ''), comment: String(data.get('comment') ?? '').trim() };
    try {
      await apiClient(event).post<FeedbackAnswer>(`/api/portal/engagements/${encodeURIComponent(event.params.id)}/feedback`, {
        // A rating the API cannot read as a number it names as a field error.
        rating: values.rating === '' ? null : Number(values.rating),
        comment: values.comment || undefined,
      });
    } catch (cause) {
      return refused(cause, 'feedback', values);
    }
    return { form: 'feedback' as const, done: 'Thank you for your feedback.' };
  },
};
