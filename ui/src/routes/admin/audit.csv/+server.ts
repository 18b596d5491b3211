import { ApiError, apiClient, apiErrorFrom, rethrowAsAdminError } from '$lib/server/api';
import type { RequestHandler } from './$types';

/** The audit trail as CSV, streamed from the API with the page's query (its filters). */
export const GET: RequestHandler = async (event) => {
  let upstream: Response;
  try {
    upstream = await apiClient(event).send('GET', `/api/admin/audit.csv${event.url.search}`, {
      headers: { accept: 'text/csv' },
      signal: event.request.signal,
    });
    if (!upstream.ok) throw await apiErrorFrom(upstream);
  } catch (cause) {
    if (cause instanceof ApiError) rethrowAsAdminError(cause);
    throw cause;
  }
  return new Response(upstream.body, {
    headers: {
      'content-type': upstream.headers.get('content-type') ?? 'text/csv; charset=utf-8',
      'content-disposition': upstream.headers.get('content-disposition') ?? 'attachment; filename="audit.csv"',
      'cache-control': 'no-store',
    },
  });
};
