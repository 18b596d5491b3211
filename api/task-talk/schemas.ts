import { z } from 'zod';

export const commentBodyMaxChars = 5000;

export const postCommentSchema = z.strictObject({
  /** Made by the client once per comment, so a double click or a retried post makes one comment. */
  id: z.uuid('must be a comment id made by the client'),
  body: z.string().trim().min(1, 'must not be empty').max(commentBodyMaxChars, `must be at most ${commentBodyMaxChars} characters`),
  attachmentIds: z.array(z.uuid('must be an attachment id')).max(10, 'at most 10 files per comment').default([]),
});
export type PostComment = z.infer<typeof postCommentSchema>;

export const attachmentParams = z.object({
  id: z.uuid('must be a task id'),
  attachmentId: z.uuid('must be an attachment id'),
});
