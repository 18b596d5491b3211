import { fileFromApi } from '$lib/server/file-download';
import type { RequestHandler } from './$types';

/** A task's file, streamed from the API to those the API lets see the task. */
export const GET: RequestHandler = (event) =>
  fileFromApi(event, `/api/tasks/${encodeURIComponent(event.params.id)}/attachments/${encodeURIComponent(event.params.attachmentId)}`);
