import type { PipelineAnswer } from '$lib/api-types';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

/** The board's filters, as `GET /api/engagements` takes them; anything else in the URL is ignored. */
const FILTERS = ['departmentId', 'ownerId', 'serviceCategory', 'status'] as const;
type PipelineFilters = Partial<Record<(typeof FILTERS)[number], string>>;

export const load: PageServerLoad = async (event) => {
  event.depends('app:tasks');
  const filters: PipelineFilters = {};
  for (const name of FILTERS) {
    const value = event.url.searchParams.get(name)?.trim();
    if (value) filters[name] = value;
  }
  const query = new URLSearchParams(filters).toString();
  const api = apiClient(event);
  let pipeline: PipelineAnswer;
  let filterError: string | null = null;
  try {
    pipeline = await api.get<PipelineAnswer>(`/api/engagements${query ? `?${query}` : ''}`);
  } catch (cause) {
    // A filter the API cannot take (a hand-edited link) is the form's problem: the board shows nothing, the filters still work.
    if (!(cause instanceof ApiError) || cause.status !== 400) rethrowAsAdminError(cause);
    filterError = 'These filters cannot be used: choose them again below.';
    const everything = await api.get<PipelineAnswer>('/api/engagements').catch(rethrowAsAdminError);
    pipeline = {
      ...everything,
      engagements: [],
      truncated: false,
      stages: everything.stages.map((s) => ({ ...s, count: 0, valueMinor: 0 })),
    };
  }
  return {
    filters,
    filterError,
    pipeline,
    // One instant for every card's age, the same on the server and in the browser.
    now: new Date().toISOString(),
    canCapture: can(event.locals.user, 'leads:capture'),
  };
};
