import { apiClient } from '$lib/server/api';
import { fileFrom } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** The quote's PDF for whoever holds the e-mailed link, while the link is valid. */
export const GET: RequestHandler = async (event) => {
  const response = await apiClient(event).send('GET', `/api/public/quotes/${encodeURIComponent(event.params.token)}/pdf`);
  return fileFrom(response, 'This link is not valid any more, so its quote is not either.');
};
