import { auditFiltersFrom, auditQuery } from '$lib/server/audit-query';
import { ApiError, apiClient, apiErrorFrom, rethrowAsAdminError } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The audit trail as CSV, streamed from the API with the page's filters. */
export const GET: RequestHandler = async (event) => {
  let upstream: Response;
  try {
    upstream = await apiClient(event).send('GET', `/api/admin/audit.csv${auditQuery(auditFiltersFrom(event.url.searchParams))}`, {
      headers: { accept: 'text/csv' },
      signal: event.request.signal,
    });
    if (!upstream.ok) throw await apiErrorFrom(upstream);
  } catch (cause) {
    if (cause instanceof ApiError) rethrowAsAdminError(cause);
    throw cause;
  }
  const headers = new Headers({
    'content-type': upstream.headers.get('content-type') ?? 'text/csv; charset=utf-8',
    'cache-control': 'no-store',
  });
  const disposition = upstream.headers.get('content-disposition');
  headers.set('content-disposition', disposition ?? 'attachment; filename="audit.csv"');
  return new Response(upstream.body, { status: 200, headers });
};
