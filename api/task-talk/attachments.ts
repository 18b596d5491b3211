import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { taskAttachments, type TaskRow } from '../../db/schema/index.ts';
import type { CheckedFile } from '../files/uploads.ts';

/** The types a task's messages carry: what anyone can open without an office suite. */
export const attachmentFileTypes = ['application/pdf', 'image/png', 'image/jpeg', 'text/plain'] as const;
export type AttachmentFileType = (typeof attachmentFileTypes)[number];

/** Stores an upload (already typed by its content) on the task. */
export async function storeAttachment(
  db: DbOrTx,
  uploader: Principal,
  task: TaskRow,
  fileName: string,
  file: CheckedFile<AttachmentFileType>,
) {
  const [stored] = await db
    .insert(taskAttachments)
    .values({
      id: randomUUID(),
      orgId: uploader.orgId,
      taskId: task.id,
      uploadedBy: uploader.id,
      fileName,
      contentType: file.contentType,
      sizeBytes: file.sizeBytes,
      sha256: file.sha256,
      content: file.content,
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
