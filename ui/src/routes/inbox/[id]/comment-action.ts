import type { RequestEvent } from '@sveltejs/kit';
import type { AttachmentAnswer } from '$lib/api-types';
import { apiClient, apiErrorFrom } from '$lib/server/api';

/**
 * Uploads the form's files one by one (the API takes each as raw bytes), then posts the comment
 * with them. A file the API refuses stops here, before the comment is posted.
 */
export async function postComment(event: RequestEvent, taskPath: string, formData: FormData): Promise<void> {
  const api = apiClient(event);
  const files = formData.getAll('files').filter((f): f is File => f instanceof File && f.size > 0);
  const attachmentIds: string[] = [];
  for (const file of files) {
    const response = await api.send('POST', `${taskPath}/attachments`, {
      bytes: new Uint8Array(await file.arrayBuffer()),
      headers: { 'x-file-name': encodeURIComponent(file.name) },
    });
    if (!response.ok) throw await apiErrorFrom(response);
    attachmentIds.push(((await response.json()) as AttachmentAnswer).attachment.id);
  }
  // Without JavaScript nothing inserts the picked mention into the text: it goes first.
  const mention = String(formData.get('mention') ?? '');
  const body = String(formData.get('body') ?? '');
  await api.post(`${taskPath}/comments`, {
    id: String(formData.get('commentId') ?? ''),
    body: mention ? `${mention} ${body}` : body,
    attachmentIds,
  });
}
