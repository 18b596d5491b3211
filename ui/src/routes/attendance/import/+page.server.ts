import { fail } from '@sveltejs/kit';
import type { AttendanceImportAnswer, AttendanceImportPreviewAnswer } from '$lib/api-types';
import { can } from '$lib/permissions';
import { ApiError, apiClient, apiErrorFrom, rethrowAsHttpError } from '$lib/server/api';
import { error } from '@sveltejs/kit';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = (event) => {
  if (!can(event.locals.user, 'attendance:manage')) error(403, 'You do not have access to this page');
  return {};
};

/** Sends the file's bytes as they are: the API's preview and confirm hash exactly these. */
async function sendFile<T>(event: Parameters<Actions[string]>[0], path: string, bytes: Uint8Array<ArrayBuffer>): Promise<T> {
  const response = await apiClient(event).send('POST', path, { bytes });
  if (!response.ok) throw await apiErrorFrom(response);
  return (await response.json()) as T;
}

const refused = (cause: unknown, extra: Record<string, unknown> = {}) => {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return fail(cause.status, { message: cause.message, ...extra });
};

export const actions: Actions = {
  preview: async (event) => {
    const file = (await event.request.formData()).get('file');
    if (!(file instanceof File) || file.size === 0) return fail(400, { message: 'Choose the terminal’s CSV file.' });
    const bytes = new Uint8Array(await file.arrayBuffer());
    try {
      const { preview } = await sendFile<AttendanceImportPreviewAnswer>(event, '/api/attendance/imports/preview', bytes);
      // The confirm sends these bytes back: base64, because a form's text fields turn line ends into CRLF and change the hash.
      return { preview, fileName: file.name, content: Buffer.from(bytes).toString('base64') };
    } catch (cause) {
      return refused(cause);
    }
  },
  confirm: async (event) => {
    const form = await event.request.formData();
    const fileHash = String(form.get('fileHash') ?? '');
    const fileName = String(form.get('fileName') ?? '').slice(0, 200);
    const bytes = new Uint8Array(Buffer.from(String(form.get('content') ?? ''), 'base64'));
    const query = new URLSearchParams({ fileHash, ...(fileName ? { fileName } : {}) });
    try {
      const imported = await sendFile<AttendanceImportAnswer>(event, `/api/attendance/imports?${query}`, bytes);
      return { imported: { message: imported.message, alreadyImported: imported.alreadyImported, savedLines: imported.savedLines } };
    } catch (cause) {
      return refused(cause);
    }
  },
};
