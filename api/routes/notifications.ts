import { Hono } from 'hono';
import { announce } from '../../activities/platform-events.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { listNotifications, markAllRead, markRead, unreadCount } from '../notifications/read-model.ts';
import { notificationIdParam, notificationListQuery } from '../notifications/schemas.ts';
import { emptyBody } from '../tasks/schemas.ts';
import { validate } from '../validation.ts';

/** The bell: each person's own notices; another's id answers 404 like one that does not exist. */
export const notificationRoutes = new Hono<AppEnv>()
  .get('/', validate('query', notificationListQuery), async (c) => {
    return c.json(await listNotifications(c.var.deps.db, c.var.user, c.req.valid('query')));
  })
  .get('/count', async (c) => c.json({ unread: await unreadCount(c.var.deps.db, c.var.user) }))
  .post('/read-all', validate('json', emptyBody), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const marked = await markAllRead(db, user);
    // The person's other open tabs update their bell too.
    if (marked > 0) await announce(db, { orgId: user.orgId, userIds: [user.id], topic: 'notifications' });
    return c.json({ marked, unread: 0 });
  })
  .post('/:id/read', validate('param', notificationIdParam), validate('json', emptyBody), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const { id } = c.req.valid('param');
    if (!(await markRead(db, user, id))) throw await deniedRecord(c, 'notification', id);
    await announce(db, { orgId: user.orgId, userIds: [user.id], topic: 'notifications' });
    return c.json({ unread: await unreadCount(db, user) });
  });
