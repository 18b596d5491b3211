import { and, asc, eq, inArray, isNull } from 'drizzle-orm';
import type { Db, DbOrTx } from '../../db/client.ts';
import type { Principal } from '../../db/queries/principal.ts';
import { taskAttachments, taskComments, users, type TaskRow, type User } from '../../db/schema/index.ts';
import { recordNotices } from '../../activities/notifications.ts';
import { announce } from '../../activities/platform-events.ts';
import { queueTaskEmail } from '../../activities/task-email.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { mentionsIn } from './mentions.ts';
import type { PostComment } from './schemas.ts';
import { idsOfPeopleWhoMaySee, maySee } from './task-viewers.ts';

/** The people a body mentions, each of whom must be able to see the task; else a 422 naming them. */
export async function mentionedViewers(db: DbOrTx, task: TaskRow, body: string): Promise<User[]> {
  const mentions = mentionsIn(body);
  if (mentions.length === 0) return [];
  if (mentions.length > 20) throw unprocessable('too_many_mentions', 'A comment may mention at most 20 people.');
  const found = await db
    .select()
    .from(users)
    .where(
      and(
        eq(users.orgId, task.orgId),
        inArray(
          users.id,
          mentions.map((m) => m.userId),
        ),
      ),
    );
  const byId = new Map(found.map((u) => [u.id, u]));
  const checked = await Promise.all(
    mentions.map(async (m) => {
      const person = byId.get(m.userId);
      return { mention: m, person, sees: person ? await maySee(db, person, task.id) : false };
    }),
  );
  const refused = checked.filter((c) => !c.sees);
  if (refused.length > 0) {
    // Another organisation's person is named as the writer wrote them, so nothing of theirs leaks.
    const names = refused.map((c) => (c.person ? c.person.name : c.mention.writtenName));
    throw unprocessable(
      'mention_cannot_see_task',
      `${names.join(', ')} cannot see this task, so cannot be mentioned on it.`,
      names.map((name) => ({ path: 'body', message: `${name} cannot see this task` })),
    );
  }
  return checked.map((c) => c.person!);
}

const commentTaken = () => new HttpError(409, 'comment_id_taken', 'That comment id belongs to another comment.');

/**
 * Posts a comment once per client-made id: the comment, its files, the mentioned people's notices
 * and e-mails, and the live event to the task's open pages in one transaction, so a failure writes
 * and tells nothing and a repeat adds nothing.
 */
export async function postComment(
  db: Db,
  appUrl: string,
  author: Principal,
  task: TaskRow,
  input: PostComment,
  mentioned: User[],
): Promise<{ created: boolean }> {
  return db.transaction(async (tx) => {
    const [inserted] = await tx
      .insert(taskComments)
      .values({
        id: input.id,
        orgId: author.orgId,
        taskId: task.id,
        authorId: author.id,
        body: input.body,
        mentionedIds: mentioned.map((p) => p.id),
      })
      .onConflictDoNothing({ target: taskComments.id })
      .returning({ id: taskComments.id });
    if (!inserted) {
      const [earlier] = await tx
        .select({ taskId: taskComments.taskId, authorId: taskComments.authorId })
        .from(taskComments)
        .where(eq(taskComments.id, input.id));
      if (earlier?.taskId !== task.id || earlier.authorId !== author.id) throw commentTaken();
      return { created: false };
    }
    const told = mentioned.filter((p) => p.id !== author.id);
    const [attached] = await Promise.all([
      input.attachmentIds.length === 0
        ? Promise.resolve([])
        : tx
            .update(taskAttachments)
            .set({ commentId: input.id })
            .where(
              and(
                eq(taskAttachments.taskId, task.id),
                eq(taskAttachments.uploadedBy, author.id),
                isNull(taskAttachments.commentId),
                inArray(taskAttachments.id, input.attachmentIds),
              ),
            )
            .returning({ id: taskAttachments.id }),
      idsOfPeopleWhoMaySee(tx, task, author.id).then((userIds) =>
        announce(tx, { orgId: author.orgId, userIds, topic: 'comments', taskId: task.id }),
      ),
      recordNotices(
        tx,
        told.map((p) => ({
          orgId: author.orgId,
          userId: p.id,
          kind: 'mentioned' as const,
          taskId: task.id,
          title: task.title,
          actorId: author.id,
          eventKey: `comment:${input.id}`,
        })),
      ),
      // The e-mail names the task and who wrote, not the comment: the body stays behind the sign-in.
      ...told.map((p) =>
        queueTaskEmail(tx, p.id, {
          key: `comment:${input.id}:mentioned:${p.id}`,
          orgId: author.orgId,
          to: p.email,
          subject: `${author.name} mentioned you: ${task.title}`,
          text: [
            `Hello ${p.name},`,
            '',
            `${author.name} mentioned you in a comment on "${task.title}".`,
            '',
            `Open it: ${appUrl}/inbox/${task.id}`,
            '',
          ].join('\n'),
        }),
      ),
    ]);
    if (attached.length !== new Set(input.attachmentIds).size) {
      throw unprocessable('invalid_attachment', 'A file is not one you uploaded to this task, or is already on another comment.', [
        { path: 'attachmentIds', message: 'not your upload to this task, or already used' },
      ]);
    }
    return { created: true };
  });
}

/** A task's comments, oldest first, each with its author, the people it mentions and its files. */
export async function listComments(db: DbOrTx, task: TaskRow) {
  const [comments, files] = await Promise.all([
    db
      .select({
        id: taskComments.id,
        body: taskComments.body,
        authorId: taskComments.authorId,
        authorName: users.name,
        mentionedIds: taskComments.mentionedIds,
        createdAt: taskComments.createdAt,
      })
      .from(taskComments)
      .innerJoin(users, eq(users.id, taskComments.authorId))
      .where(and(eq(taskComments.orgId, task.orgId), eq(taskComments.taskId, task.id)))
      .orderBy(asc(taskComments.createdAt), asc(taskComments.id)),
    db
      .select({
        id: taskAttachments.id,
        commentId: taskAttachments.commentId,
        fileName: taskAttachments.fileName,
        contentType: taskAttachments.contentType,
        sizeBytes: taskAttachments.sizeBytes,
        sha256: taskAttachments.sha256,
      })
      .from(taskAttachments)
      .where(and(eq(taskAttachments.orgId, task.orgId), eq(taskAttachments.taskId, task.id)))
      .orderBy(asc(taskAttachments.createdAt)),
  ]);
  const mentionedIds = [...new Set(comments.flatMap((c) => c.mentionedIds))];
  const names = new Map(
    mentionedIds.length === 0
      ? []
      : (
          await db
            .select({ id: users.id, name: users.name })
            .from(users)
            .where(and(eq(users.orgId, task.orgId), inArray(users.id, mentionedIds)))
        ).map((u) => [u.id, u.name]),
  );
  return comments.map(({ mentionedIds: ids, ...comment }) => ({
    ...comment,
    mentions: ids.map((id) => ({ id, name: names.get(id) ?? null })),
    attachments: files.filter((f) => f.commentId === comment.id).map(({ commentId: _c, ...file }) => file),
  }));
}
