import { error } from '@sveltejs/kit';
import { apiErrorFrom } from './api';

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
