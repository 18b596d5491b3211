import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { listComments, mentionedViewers, postComment } from '../task-talk/comments.ts';
import { postCommentSchema } from '../task-talk/schemas.ts';
import { peopleWhoMaySee } from '../task-talk/task-viewers.ts';
import { taskSeenBySignedIn } from '../task-talk/visible-task.ts';
import { taskIdParam } from '../tasks/schemas.ts';
import { validate } from '../validation.ts';

/** Comments on a task, for those who may see it; mounted at `/tasks`. */
export const taskCommentRoutes = new Hono<AppEnv>()
  .get('/:id/comments', validate('param', taskIdParam), async (c) => {
    const { db } = c.var.deps;
    const task = await taskSeenBySignedIn(c, c.req.valid('param').id);
    const [comments, mentionable] = await Promise.all([listComments(db, task), peopleWhoMaySee(db, task)]);
    return c.json({ comments, mentionable });
  })
  .post('/:id/comments', validate('param', taskIdParam), validate('json', postCommentSchema), async (c) => {
    const { db, config } = c.var.deps;
    const task = await taskSeenBySignedIn(c, c.req.valid('param').id);
    const input = c.req.valid('json');
    const mentioned = await mentionedViewers(db, task, input.body);
    const { created } = await postComment(db, config.appUrl, c.var.user, task, input, mentioned);
    return c.json({ comments: await listComments(db, task) }, created ? 201 : 200);
  });
