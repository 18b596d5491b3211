import { fileFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A version of a document (a lead's, a client's or an engagement's), for staff the API lets read it; each download is audited there. */
export const GET: RequestHandler = (event) =>
  fileFromApi(event, `/api/documents/${encodeURIComponent(event.params.id)}/versions/${encodeURIComponent(event.params.version)}`);
