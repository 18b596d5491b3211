import { and, asc, eq, inArray } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { usersInScope } from '../../db/queries/scope.ts';
import { users, type TaskRow } from '../../db/schema/index.ts';
import {
  claimTaskUpdate,
  delegateTaskUpdate,
  moveTaskDueUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
} from '../../workflows/human-task/messages.ts';
import { deniedRecord } from '../access/denied.ts';
import { caseTypeOf } from '../cases/registry.ts';
import { caseTimeline } from '../cases/timeline.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { actorFor, assigneeFor, commandTask } from '../tasks/commands.ts';
import { openTaskAndActor as openTaskOf, sendCompletion, taskNotOpen, visibleTaskOrDenied } from '../tasks/open-task.ts';
import { countInbox, findOrgTask, findVisibleTask, listInbox, listTeamTasks } from '../tasks/read-model.ts';
import {
  completeTaskSchema,
  emptyBody,
  handOverSchema,
  inboxCountQuery,
  inboxQuery,
  teamTasksQuery,
  moveDueSchema,
  resolveTaskSchema,
  taskIdParam,
} from '../tasks/schemas.ts';
import { validate } from '../validation.ts';

type TaskContext = Context<AppEnv, string, { out: { param: { id: string } } }>;

const visibleTask = (c: TaskContext) => visibleTaskOrDenied(c, c.req.valid('param').id);
const openTaskAndActor = (c: TaskContext) => openTaskOf(c, c.req.valid('param').id);

async function answerWithTask(c: TaskContext) {
  const found = await findVisibleTask(c.var.deps.db, c.var.user, c.req.valid('param').id);
  return c.json({ task: found?.view ?? null });
}

/** Someone to hand the task to: an active person of the organisation, with what they hold over the case. */
async function handOverTarget(c: TaskContext, task: TaskRow, assigneeId: string) {
  const to = await assigneeFor(c.var.deps.db, c.var.user.orgId, assigneeId, task);
  if (!to) {
    throw new HttpError(422, 'invalid_assignee', 'That person cannot take tasks here.', [
      { path: 'assigneeId', message: 'not an active person of your organisation' },
    ]);
  }
  return to;
}

export const taskRoutes = new Hono<AppEnv>()
  .get('/', validate('query', inboxQuery), async (c) => {
    return c.json(await listInbox(c.var.deps.db, c.var.user, c.req.valid('query')));
  })
  // Only the numbers: the header's badge and the queue counts, without loading a page of tasks.
  .get('/count', validate('query', inboxCountQuery), async (c) => {
    return c.json(await countInbox(c.var.deps.db, c.var.user, c.req.valid('query')));
  })
  // Before '/:id', which would otherwise take "team" for a task id.
  .get('/team', validate('query', teamTasksQuery), async (c) => {
    const { db } = c.var.deps;
    const candidates = await db
      .select({ id: users.id, name: users.name, designation: users.designation })
      .from(users)
      .where(and(usersInScope(c.var.user, 'tasks:reassign'), eq(users.active, true)))
      .orderBy(asc(users.name));
    return c.json({ ...(await listTeamTasks(db, c.var.user, c.req.valid('query'))), candidates });
  })
  .get('/:id', validate('param', taskIdParam), async (c) => {
    const { db } = c.var.deps;
    const { row, view } = await visibleTask(c);
    const caseType = caseTypeOf(row.caseType);
    return c.json({
      task: view,
      caseType: row.caseType,
      panel: caseType ? await caseType.loadPanel(db, c.var.user, row.caseId) : null,
      timeline: await caseTimeline(db, c.var.user.orgId, row.caseId, row.caseType),
    });
  })
  .post('/:id/claim', validate('param', taskIdParam), validate('json', emptyBody), async (c) => {
    const { row, actor } = await openTaskAndActor(c);
    await commandTask(c.var.deps.temporal, row, (h) => h.executeUpdate(claimTaskUpdate, { args: [{ taskKey: row.taskKey, actor }] }));
    return answerWithTask(c);
  })
  .post('/:id/release', validate('param', taskIdParam), validate('json', emptyBody), async (c) => {
    const { row, actor } = await openTaskAndActor(c);
    await commandTask(c.var.deps.temporal, row, (h) => h.executeUpdate(releaseTaskUpdate, { args: [{ taskKey: row.taskKey, actor }] }));
    return answerWithTask(c);
  })
  .post('/:id/complete', validate('param', taskIdParam), validate('json', completeTaskSchema), async (c) => {
    await sendCompletion(c, await openTaskAndActor(c), c.req.valid('json').values);
    return answerWithTask(c);
  })
  .post('/:id/delegate', validate('param', taskIdParam), validate('json', handOverSchema), async (c) => {
    const { row, actor } = await openTaskAndActor(c);
    const { assigneeId, reason } = c.req.valid('json');
    const to = await handOverTarget(c, row, assigneeId);
    await commandTask(c.var.deps.temporal, row, (h) =>
      h.executeUpdate(delegateTaskUpdate, { args: [{ taskKey: row.taskKey, actor, to, reason: reason || null }] }),
    );
    return answerWithTask(c);
  })
  .post('/:id/resolve', validate('param', taskIdParam), validate('json', resolveTaskSchema), async (c) => {
    const { row, actor } = await openTaskAndActor(c);
    const comment = c.req.valid('json').comment || null;
    await commandTask(c.var.deps.temporal, row, (h) =>
      h.executeUpdate(resolveTaskUpdate, { args: [{ taskKey: row.taskKey, actor, comment }] }),
    );
    return answerWithTask(c);
  })
  .post('/:id/reassign', validate('param', taskIdParam), validate('json', handOverSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const user = c.var.user;
    const { assigneeId, reason } = c.req.valid('json');
    const task = await findOrgTask(db, user.orgId, c.req.valid('param').id);
    // The task's holder (or, while queued, whom the case is about) and the new holder must both be within reach.
    const current = task?.assigneeId ?? task?.subjectId ?? null;
    const reachable = task
      ? await db
          .select({ id: users.id })
          .from(users)
          .where(and(usersInScope(user, 'tasks:reassign'), inArray(users.id, [current ?? assigneeId, assigneeId])))
      : [];
    if (!task || !current || !reachable.some((u) => u.id === current)) throw await deniedRecord(c, 'task', c.req.valid('param').id);
    if (!reachable.some((u) => u.id === assigneeId)) {
      throw new HttpError(422, 'invalid_assignee', 'The new assignee is not someone you can hand tasks to.', [
        { path: 'assigneeId', message: 'not within your scope, or deactivated' },
      ]);
    }
    if (task.status !== 'open') throw taskNotOpen();
    const to = await handOverTarget(c, task, assigneeId);
    const actor = await actorFor(db, user, task, c.var.clientAddress);
    const snapshot = await commandTask(temporal, task, (h) =>
      h.executeUpdate(reassignTaskUpdate, { args: [{ taskKey: task.taskKey, actor, to, reason: reason || null }] }),
    );
    return c.json({ task: { id: task.id, assigneeId: snapshot.holder?.id ?? null, assigneeName: snapshot.holder?.name ?? null } });
  })
  .post('/:id/due', validate('param', taskIdParam), validate('json', moveDueSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const task = await findOrgTask(db, c.var.user.orgId, c.req.valid('param').id);
    if (!task) throw await deniedRecord(c, 'task', c.req.valid('param').id);
    const actor = await actorFor(db, c.var.user, task, c.var.clientAddress);
    // Reaching the case's subject with tasks:reassign is what moving a due time needs.
    if (!actor.permissions.includes('tasks:reassign')) throw await deniedRecord(c, 'task', task.id);
    if (task.status !== 'open') throw taskNotOpen();
    const { dueAt, reason } = c.req.valid('json');
    const snapshot = await commandTask(temporal, task, (h) =>
      h.executeUpdate(moveTaskDueUpdate, { args: [{ taskKey: task.taskKey, actor, dueAt, reason: reason || null }] }),
    );
    return c.json({ task: { id: task.id, dueAt: snapshot.dueAt } });
  });
