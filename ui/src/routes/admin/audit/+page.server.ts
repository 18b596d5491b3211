import type { AuditPage, Person } from '$lib/api-types';
import { auditFiltersFrom, auditQuery } from '$lib/server/audit-query';
import { apiClient, rethrowAsAdminError, unlessForbidden } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const filters = auditFiltersFrom(event.url.searchParams);
  const before = event.url.searchParams.get('before') ?? '';
  const [page, people] = await Promise.all([
    api.get<AuditPage>(`/api/admin/audit${auditQuery(filters, { before })}`),
    // Reading the trail does not need seeing people: without it, the user filter lists nobody.
    unlessForbidden(api.get<{ users: Person[] }>('/api/admin/users')),
  ]).catch(rethrowAsAdminError);

  return {
    filters,
    entries: page.entries,
    people: (people?.users ?? []).map(({ id, name, email }) => ({ id, name, email })),
    olderHref: page.nextBefore ? `/admin/audit${auditQuery(filters, { before: page.nextBefore })}` : null,
    newestHref: before ? `/admin/audit${auditQuery(filters)}` : null,
    csvHref: `/admin/audit.csv${auditQuery(filters)}`,
  };
};
