import { error } from '@sveltejs/kit';
import { fileFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** One's own payslip as a PDF; the API answers anyone else's as not found, and so does a link that names none. */
export const GET: RequestHandler = (event) => {
  if (!uuid.test(event.params.id)) error(404, 'That payslip was not found');
  return fileFromApi(event, `/api/payslips/${event.params.id}/pdf`);
};
