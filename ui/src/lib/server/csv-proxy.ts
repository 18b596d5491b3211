import type { RequestEvent } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom, rethrowAsAdminError } from './api';

/** A CSV export streamed from the API as it comes (the page's query carries its filters). */
export async function proxyCsv(event: RequestEvent, apiPath: string, fallbackName: string): Promise<Response> {
  let upstream: Response;
  try {
    upstream = await apiClient(event).send('GET', `${apiPath}${event.url.search}`, {
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
      'content-disposition': upstream.headers.get('content-disposition') ?? `attachment; filename="${fallbackName}"`,
      'cache-control': 'no-store',
    },
  });
}
