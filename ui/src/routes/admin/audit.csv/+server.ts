import { rethrowAsAdminError } from '$lib/server/api';
import { csvFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** The audit trail as CSV, streamed from the API with the page's query (its filters). */
export const GET: RequestHandler = (event) => csvFromApi(event, '/api/admin/audit.csv', 'audit.csv', rethrowAsAdminError);
