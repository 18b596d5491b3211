import { fileFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A version of a document shared with the signed-in client; the API answers 404 for any other, and audits each download. */
export const GET: RequestHandler = (event) =>
  fileFromApi(event, `/api/portal/documents/${encodeURIComponent(event.params.id)}/versions/${encodeURIComponent(event.params.version)}`);
