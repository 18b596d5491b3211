import { apiClient } from '$lib/server/api';
import { fileFrom } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A quote version's PDF for staff who see engagements (link it with `quotePdfHref`). */
export const GET: RequestHandler = async (event) => {
  const { id, version } = event.params;
  const response = await apiClient(event).send(
    'GET',
    `/api/engagements/${encodeURIComponent(id)}/quotes/${encodeURIComponent(version)}/pdf`,
  );
  return fileFrom(response, 'That quote was not found');
};
