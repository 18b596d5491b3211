import type { ClientsPage } from '$lib/api-types';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

const filterNames = ['q', 'tag', 'openEngagement', 'followUpDue'] as const;
type ClientFilters = Record<(typeof filterNames)[number], string>;

/** "?q=…&tag=…" with the filters that are set (and any extra parameters), or "". */
function listQuery(filters: ClientFilters, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries({ ...filters, ...extra })) if (value) params.set(name, value);
  const query = params.toString();
  return query ? `?${query}` : '';
}

export const load: PageServerLoad = async (event) => {
  const params = event.url.searchParams;
  const filters = Object.fromEntries(filterNames.map((name) => [name, params.get(name)?.trim() ?? ''])) as ClientFilters;
  const cursor = params.get('cursor') ?? '';
  const page = await apiClient(event)
    .get<ClientsPage>(`/api/clients${listQuery(filters, { cursor })}`)
    .catch((cause: unknown) => {
      // A filter the API cannot take (or a cursor from an old link) is the form's problem, said above it.
      if (cause instanceof ApiError && cause.status === 400) return { clients: [], nextCursor: null, filterError: cause.message };
      return rethrowAsAdminError(cause);
    });
  return {
    filters,
    clients: page.clients,
    filterError: 'filterError' in page ? page.filterError : null,
    nextHref: page.nextCursor ? `/clients${listQuery(filters, { cursor: page.nextCursor })}` : null,
    firstHref: cursor ? `/clients${listQuery(filters)}` : null,
    csvHref: `/clients.csv${listQuery(filters)}`,
  };
};
