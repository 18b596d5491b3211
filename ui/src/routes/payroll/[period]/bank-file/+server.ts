import { error } from '@sveltejs/kit';
import { apiClient, apiErrorFrom } from '$lib/server/api';
import { fileFrom } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

// The API's refusals a person can meet here: not a month (400), not finance (403), no such run (404), not approved yet (409).
const refusals = new Set([400, 403, 404, 409]);

/** The run's bank-transfer file, for finance once the run is approved; the API audits each download. */
export const GET: RequestHandler = async (event) => {
  const response = await apiClient(event).send('GET', `/api/payroll/runs/${encodeURIComponent(event.params.period)}/bank-file`);
  if (refusals.has(response.status)) {
    const refusal = await apiErrorFrom(response);
    error(refusal.status as 400 | 403 | 404 | 409, refusal.message);
  }
  return fileFrom(response, 'That run was not found');
};
