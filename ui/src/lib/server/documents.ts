import { randomUUID } from 'node:crypto';
import { fail, type RequestEvent } from '@sveltejs/kit';
import type { DocumentOwnerType, DocumentsAnswer } from '$lib/api-types';
import { apiClient, apiErrorFrom, type ApiCaller } from './api';
import { refusedForm } from './refused-form';

// The documents of a lead, a client or an engagement, for any page that shows them with
// `$lib/components/documents-panel.svelte`: its load calls `loadDocuments`, its actions spread
// `documentActions(...)`.

export interface DocumentOwner {
  type: DocumentOwnerType;
  id: string;
}

/** The owner's documents, and the ids the panel's upload forms send (new per page shown, so a double click uploads once). */
export async function loadDocuments(caller: ApiCaller, owner: DocumentOwner) {
  const query = `ownerType=${owner.type}&ownerId=${encodeURIComponent(owner.id)}`;
  const { documents } = await apiClient(caller).get<DocumentsAnswer>(`/api/documents?${query}`);
  return { documents, documentUpload: { documentId: randomUUID(), versionId: randomUUID() } };
}

const fileOf = (formData: FormData) => {
  const file = formData.get('file');
  return file instanceof File && file.size > 0 ? file : null;
};

const noFile = (form: string) => fail(400, { form, message: 'Choose a file first.', fieldErrors: { file: 'choose a file' }, values: {} });

/** Sends the chosen file's bytes as the API takes them: the body, its name in X-File-Name. */
async function sendFile(event: RequestEvent, path: string, file: File) {
  const response = await apiClient(event).send('POST', path, {
    bytes: new Uint8Array(await file.arrayBuffer()),
    headers: { 'x-file-name': encodeURIComponent(file.name) },
  });
  if (!response.ok) throw await apiErrorFrom(response);
}

/** The panel's form actions for the owner the page is about. */
export function documentActions(ownerOf: (event: RequestEvent) => DocumentOwner) {
  return {
    uploadDocument: async (event: RequestEvent) => {
      const formData = await event.request.formData();
      const file = fileOf(formData);
      if (!file) return noFile('uploadDocument');
      const owner = ownerOf(event);
      const documentId = encodeURIComponent(String(formData.get('documentId') ?? ''));
      try {
        await sendFile(
          event,
          `/api/documents?ownerType=${owner.type}&ownerId=${encodeURIComponent(owner.id)}&documentId=${documentId}`,
          file,
        );
      } catch (cause) {
        return refusedForm(cause, 'uploadDocument', {});
      }
      return { form: 'uploadDocument', done: `${file.name} was uploaded.` };
    },
    uploadVersion: async (event: RequestEvent) => {
      const formData = await event.request.formData();
      const document = String(formData.get('document') ?? '');
      const form = `uploadVersion:${document}`;
      const file = fileOf(formData);
      if (!file) return noFile(form);
      const versionId = encodeURIComponent(String(formData.get('versionId') ?? ''));
      try {
        await sendFile(event, `/api/documents/${encodeURIComponent(document)}/versions?versionId=${versionId}`, file);
      } catch (cause) {
        return refusedForm(cause, form, {});
      }
      return { form, done: `A new version of the document was uploaded from ${file.name}.` };
    },
    shareDocument: async (event: RequestEvent) => {
      const formData = await event.request.formData();
      const document = String(formData.get('document') ?? '');
      const sharedWithClient = formData.get('shared') === 'true';
      try {
        await apiClient(event).put(`/api/documents/${encodeURIComponent(document)}/sharing`, { sharedWithClient });
      } catch (cause) {
        return refusedForm(cause, `share:${document}`, {});
      }
      return { form: `share:${document}`, done: sharedWithClient ? 'The client sees it now.' : 'The client no longer sees it.' };
    },
  };
}
