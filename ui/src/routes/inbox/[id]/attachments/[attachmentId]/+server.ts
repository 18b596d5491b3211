import { error } from '@sveltejs/kit';
import { apiClient, apiErrorFrom } from '$lib/server/api';
import type { RequestHandler } from './$types';

// The headers that say what the file is and that it is a download; the API decided them from its content.
const passedOn = ['content-type', 'content-disposition', 'content-length', 'x-content-type-options', 'cache-control'];

/** A task's file, streamed from the API to those the API lets see the task. */
export const GET: RequestHandler = async (event) => {
  const { id, attachmentId } = event.params;
  const response = await apiClient(event).send(
    'GET',
    `/api/tasks/${encodeURIComponent(id)}/attachments/${encodeURIComponent(attachmentId)}`,
  );
  if (!response.ok) {
    const problem = await apiErrorFrom(response);
    error(problem.status === 404 ? 404 : 502, problem.status === 404 ? 'That file was not found' : problem.message);
  }
  const headers = new Headers();
  for (const name of passedOn) {
    const value = response.headers.get(name);
    if (value) headers.set(name, value);
  }
  return new Response(response.body, { status: 200, headers });
};
