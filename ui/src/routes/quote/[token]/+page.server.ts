import { fail } from '@sveltejs/kit';
import type { PublicQuoteAnswer, QuoteAnswered } from '$lib/api-types';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

/** What the page says when the link no longer shows a quote, by the API's answer. */
const UNAVAILABLE: Record<number, { heading: string; message: string }> = {
  404: {
    heading: 'This link is no longer valid',
    message: 'This quote has already been answered, or we have sent you a newer one. Please use the link in our latest e-mail.',
  },
  410: { heading: 'This quote has expired', message: 'The time to answer this quote is over. Please ask us for a new one.' },
};

export const load: PageServerLoad = async (event) => {
  try {
    const answer = await apiClient(event).get<PublicQuoteAnswer>(`/api/public/quotes/${encodeURIComponent(event.params.token)}`);
    return { ...answer, unavailable: null };
  } catch (cause) {
    // An answered link is shown after the answer too (its thank-you), so this is a page, not an error.
    if (cause instanceof ApiError && (cause.status === 400 || cause.status === 404 || cause.status === 410))
      return { quote: null, from: null, validUntil: null, unavailable: UNAVAILABLE[cause.status === 410 ? 410 : 404]! };
    rethrowAsHttpError(cause);
  }
};

async function answer(event: Parameters<Actions[string]>[0], accepted: boolean) {
  const reason = accepted ? null : String((await event.request.formData()).get('reason') ?? '').trim() || null;
  try {
    await apiClient(event).post<QuoteAnswered>(`/api/public/quotes/${encodeURIComponent(event.params.token)}/answer`, {
      accepted,
      reason: reason ?? undefined,
    });
  } catch (cause) {
    if (!(cause instanceof ApiError)) throw cause;
    return fail(cause.status, { answered: null, reason, message: cause.message });
  }
  return { answered: accepted ? ('accepted' as const) : ('declined' as const), reason, message: null };
}

export const actions: Actions = {
  accept: (event) => answer(event, true),
  decline: (event) => answer(event, false),
};
