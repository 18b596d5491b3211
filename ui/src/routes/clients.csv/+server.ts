import { rethrowAsHttpError } from '$lib/server/api';
import { csvFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** The clients list as CSV, with the list page's filters. */
export const GET: RequestHandler = (event) => csvFromApi(event, '/api/clients.csv', 'clients.csv', rethrowAsHttpError);
