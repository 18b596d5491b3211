import { Hono } from 'hono';
import type { AppEnv } from '../context.ts';
import { decideInBulk } from '../tasks/bulk-decision.ts';
import { bulkCompleteSchema } from '../tasks/schemas.ts';
import { validate } from '../validation.ts';

/**
 * `POST /api/tasks/bulk-complete`: its own router, mounted ahead of the task routes, so that
 * "bulk-complete" is never read as a task id. Always 200: each task has its own answer.
 */
export const bulkDecisionRoutes = new Hono<AppEnv>().post('/', validate('json', bulkCompleteSchema), async (c) => {
  const { taskIds, values } = c.req.valid('json');
  return c.json({ results: await decideInBulk(c, taskIds, values) });
});
