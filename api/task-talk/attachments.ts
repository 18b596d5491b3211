import { createHash, randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { taskAttachments, type TaskRow } from '../../db/schema/index.ts';
import { HttpError } from '../errors.ts';
import { allowedFileTypes, sniffFileType } from './file-types.ts';

/** The header that names an upload's file, percent-encoded UTF-8 (`encodeURIComponent`). */
export const fileNameHeader = 'x-file-name';

const badName = (message: string) => new HttpError(400, 'invalid_file_name', message, [{ path: fileNameHeader, message }]);

/** The file's own name: the last part of what the browser sent, without control characters. */
export function fileNameFrom(header: string | undefined): string {
  if (!header) throw badName(`Name the file in the ${fileNameHeader} header (percent-encoded).`);
  let name: string;
  try {
    name = decodeURIComponent(header);
  } catch {
    throw badName('The file name is not percent-encoded UTF-8.');
  }
  // eslint-disable-next-line no-control-regex -- a name with control characters could split a header
  name = (name.split(/[/\\]/).pop() ?? '').replace(/[\u0000-\u001f\u007f]/g, '').trim();
  if (name.length === 0 || name.length > 200) throw badName('The file name must be 1 to 200 characters.');
  return name;
}

/** Stores an upload on the task, typed by its content; a type outside the list is refused with 415. */
export async function storeAttachment(db: DbOrTx, uploader: Principal, task: TaskRow, fileName: string, content: Buffer) {
  if (content.length === 0) throw new HttpError(400, 'empty_file', 'The file is empty.');
  const sniffed = sniffFileType(content);
  if (!sniffed.allowed) {
    throw new HttpError(415, 'unsupported_file_type', `The file is ${sniffed.name}; only PDF, PNG, JPEG and plain text can be attached.`, {
      detected: sniffed.name,
      allowed: allowedFileTypes,
    });
  }
  const [stored] = await db
    .insert(taskAttachments)
    .values({
      id: randomUUID(),
      orgId: uploader.orgId,
      taskId: task.id,
      uploadedBy: uploader.id,
      fileName,
      contentType: sniffed.type,
      sizeBytes: content.length,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
    })
    .returning({
      id: taskAttachments.id,
      fileName: taskAttachments.fileName,
      contentType: taskAttachments.contentType,
      sizeBytes: taskAttachments.sizeBytes,
      sha256: taskAttachments.sha256,
    });
  return stored!;
}

export async function findAttachment(db: DbOrTx, task: TaskRow, attachmentId: string) {
  const [found] = await db
    .select()
    .from(taskAttachments)
    .where(and(eq(taskAttachments.orgId, task.orgId), eq(taskAttachments.taskId, task.id), eq(taskAttachments.id, attachmentId)));
  return found;
}

/** `Content-Disposition: attachment` with an ASCII fallback name and the real one (RFC 6266). */
export function attachmentDisposition(fileName: string): string {
  const fallback = fileName.replace(/[^\x20-\x7e]|["\\]/g, '_');
  return `attachment; filename="${fallback}"; filename*=UTF-8''${encodeURIComponent(fileName)}`;
}
