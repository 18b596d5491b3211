import { proxyCsv } from '$lib/server/csv-proxy';
import type { RequestHandler } from './$types';

/** The audit trail as CSV, streamed from the API with the page's query (its filters). */
export const GET: RequestHandler = (event) => proxyCsv(event, '/api/admin/audit.csv', 'audit.csv');
