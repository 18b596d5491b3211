import { apiClient } from '$lib/server/api';
import { fileFrom } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A task's file, streamed from the API to those the API lets see the task. */
export const GET: RequestHandler = async (event) => {
  const { id, attachmentId } = event.params;
  const response = await apiClient(event).send(
    'GET',
    `/api/tasks/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  );
  return fileFrom(response, 'That file was not found');
};
