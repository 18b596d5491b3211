import { Hono } from 'hono';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { checkedUpload, fileDownload, fileNameFrom, fileNameHeader } from '../files/uploads.ts';
import { attachmentFileTypes, findAttachment, storeAttachment } from '../task-talk/attachments.ts';
import { attachmentParams } from '../task-talk/schemas.ts';
import { taskSeenBySignedIn } from '../task-talk/visible-task.ts';
import { taskIdParam } from '../tasks/schemas.ts';
import { validate } from '../validation.ts';

/** The one route that reads bodies up to ATTACHMENT_MAX_BYTES instead of the API's JSON limit. */
export const attachmentUploadPath = /^\/api\/tasks\/[^/]+\/attachments$/;

/**
 * Files on a task, mounted at `/tasks`. An upload's body is the file's bytes
 * (`Content-Type: application/octet-stream`), its name in the X-File-Name header.
 */
export const taskAttachmentRoutes = new Hono<AppEnv>()
  .post('/:id/attachments', validate('param', taskIdParam), async (c) => {
    const task = await taskSeenBySignedIn(c, c.req.valid('param').id);
    const fileName = fileNameFrom(c.req.header(fileNameHeader));
    const file = await checkedUpload(c, attachmentFileTypes, 'attached');
    return c.json({ attachment: await storeAttachment(c.var.deps.db, c.var.user, task, fileName, file) }, 201);
  })
  .get('/:id/attachments/:attachmentId', validate('param', attachmentParams), async (c) => {
    const { id, attachmentId } = c.req.valid('param');
    const task = await taskSeenBySignedIn(c, id);
    const file = await findAttachment(c.var.deps.db, task, attachmentId);
    if (!file) throw await deniedRecord(c, 'task_attachment', attachmentId);
    return fileDownload(c, file);
  });
