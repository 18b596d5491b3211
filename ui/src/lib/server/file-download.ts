import { error, type RequestEvent } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom } from './api';

// The headers that say what the file is and that it is a download; the API decided them from its content.
const passedOn = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options', 'cache-control'];

/** A file the API serves (a task's attachment, a document's version), streamed on to whom the API lets have it. */
export async function fileFromApi(event: RequestEvent, apiPath: string): Promise<Response> {
  const response = await apiClient(event).send('GET', apiPath);
  if (!response.ok) {
    const problem = await apiErrorFrom(response);
    error(problem.status === 404 ? 404 : 502, problem.status === 404 ? 'That file was not found' : problem.message);
  }
  const headers = new Headers();
  for (const name of passedOn) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: 200, headers });
}

/** A CSV export the API writes, streamed on with the page's query (its filters); a refusal goes to `refused`. */
export async function csvFromApi(
  event: RequestEvent,
  apiPath: string,
  fallbackName: string,
  refused: (cause: ApiError) => never,
): Promise<Response> {
  let upstream: Response;
  try {
    upstream = await apiClient(event).send('GET', `${apiPath}${event.url.search}`, {
      headers: { accept: 'text/csv' },
      signal: event.request.signal,
    });
    if (!upstream.ok) throw await apiErrorFrom(upstream);
  } catch (cause) {
    if (cause instanceof ApiError) refused(cause);
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
