import { error, type RequestEvent } from '@sveltejs/kit';
import { ApiError, apiClient, apiErrorFrom } from './api';

// The headers that say what the file is and that it is a download; the API decided them.
const passedOn = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options', 'cache-control'];

/** A file from the API, streamed on to the browser; the API's 404 (or 410) stays a "not found" page. */
export async function fileFrom(response: Response, notFound: string): Promise<Response> {
  if (!response.ok) {
    const problem = await apiErrorFrom(response);
    const gone = problem.status === 404 || problem.status === 410;
    error(gone ? problem.status : 502, gone ? notFound : problem.message);
  }
  const headers = new Headers();
  for (const name of passedOn) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: 200, headers });
}

/** A file the API serves at `apiPath` (a task's attachment, a document's version), streamed on to whom the API lets have it. */
export async function fileFromApi(event: RequestEvent, apiPath: string): Promise<Response> {
  return fileFrom(await apiClient(event).send('GET', apiPath), 'That file was not found');
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
