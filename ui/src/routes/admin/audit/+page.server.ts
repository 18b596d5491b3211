import type { AuditPage, PeopleAnswer } from '$lib/api-types';
import { auditFiltersFrom, auditQuery } from '$lib/server/audit-query';
import { ApiError, apiClient, rethrowAsAdminError, unlessForbidden } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const filters = auditFiltersFrom(event.url.searchParams);
  const before = event.url.searchParams.get('before') ?? '';
  const [page, people] = await Promise.all([
    api.get<AuditPage>(`/api/admin/audit${auditQuery(filters, { before })}`).catch((cause: unknown) => {
      // A filter the API cannot take (a kind it does not know the shape of, say) is the form's problem.
      if (cause instanceof ApiError && cause.status === 400)
        return { entries: [], nextBefore: null, kinds: [], filterError: cause.message };
      throw cause;
    }),
    // Reading the trail does not need seeing people: without it, the user filter lists nobody.
    unlessForbidden(api.get<PeopleAnswer>('/api/admin/users')),
  ]).catch(rethrowAsAdminError);

  return {
    filters,
    entries: page.entries,
    kinds: page.kinds,
    filterError: 'filterError' in page ? page.filterError : null,
    userChoices: (people?.users ?? []).map(({ id, name, email }) => ({ value: id, label: `${name} (${email})` })),
    olderHref: page.nextBefore ? `/admin/audit${auditQuery(filters, { before: String(page.nextBefore) })}` : null,
    newestHref: before ? `/admin/audit${auditQuery(filters)}` : null,
    csvHref: `/admin/audit.csv${auditQuery(filters)}`,
  };
};
