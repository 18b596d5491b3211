import { Hono } from 'hono';
import { z } from 'zod';
import { TaskFailure, completeTaskUpdate, reassignTaskUpdate } from '../../workflows/human-task/messages.ts';
import { and, asc, eq, inArray } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { users } from '../../db/schema/index.ts';
import { usersInScope } from '../access/scope.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError } from '../errors.ts';
import {
  balanceFor,
  caseTimeline,
  findLeaveRequest,
  findLeaveRequests,
  overlappingTeamAbsences,
  presentLeaveRequest,
} from '../leave/read-model.ts';
import { findHeldTask, findOrgTask, listInbox, listTeamTasks } from '../tasks/read-model.ts';
import { commandProcess } from '../temporal-errors.ts';
import { validate } from '../validation.ts';

const idParam = z.object({ id: z.uuid('must be a task id') });
const listQuery = z.object({ status: z.enum(['open', 'done']).default('open') });
const reassignSchema = z.strictObject({ assigneeId: z.uuid('must be a user id'), reason: z.string().trim().max(500).optional() });
const completeSchema = z.strictObject({
  values: z
    .record(z.string().max(100), z.union([z.string().max(10_000), z.null()]))
    .refine((v) => Object.keys(v).length <= 50, 'too many fields'),
});

export const taskRoutes = new Hono<AppEnv>()
  .get('/', validate('query', listQuery), async (c) => {
    const tasks = await listInbox(c.var.deps.db, c.var.user, c.req.valid('query').status);
    return c.json({ tasks: await withLeaveRequests(c.var.deps.db, c.var.user.orgId, tasks) });
  })
  // Before '/:id', which would otherwise take "team" for a task id.
  .get('/team', async (c) => {
    const { db } = c.var.deps;
    const tasks = await listTeamTasks(db, c.var.user);
    const candidates = await db
      .select({ id: users.id, name: users.name, designation: users.designation })
      .from(users)
      .where(and(usersInScope(c.var.user, 'tasks:reassign'), eq(users.active, true)))
      .orderBy(asc(users.name));
    return c.json({ tasks: await withLeaveRequests(db, c.var.user.orgId, tasks), candidates });
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const task = await findHeldTask(db, user, c.req.valid('param').id);
    if (!task) throw await deniedRecord(c, 'task', c.req.valid('param').id);
    const request = task.caseType === 'leave' ? await findLeaveRequest(db, user.orgId, task.caseId) : undefined;
    if (!request) return c.json({ task: task.view, leaveRequest: null, balance: null, overlappingAbsences: [], timeline: [] });
    const year = Number(request.startDate.slice(0, 4));
    return c.json({
      task: task.view,
      leaveRequest: presentLeaveRequest(request),
      balance: await balanceFor(db, { orgId: user.orgId, employeeId: request.employeeId, leaveTypeCode: request.leaveTypeCode, year }),
      overlappingAbsences: await overlappingTeamAbsences(db, request),
      timeline: await caseTimeline(db, user.orgId, request.id),
    });
  })
  .post('/:id/complete', validate('param', idParam), validate('json', completeSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const user = c.var.user;
    const task = await findHeldTask(db, user, c.req.valid('param').id);
    if (!task) throw await deniedRecord(c, 'task', c.req.valid('param').id);
    if (task.status !== 'open')
      throw new HttpError(409, 'task_not_open', 'This task is no longer open: it was already decided or withdrawn.');
    await commandProcess(
      temporal,
      {
        [TaskFailure.notOpen]: { status: 409, code: 'task_not_open' },
        [TaskFailure.notAllowed]: { status: 403, code: 'not_allowed' },
        [TaskFailure.invalidForm]: { status: 422, code: 'invalid_form' },
        [TaskFailure.unknownTask]: { status: 404, code: 'not_found' },
      },
      () =>
        temporal.workflow.getHandle(task.workflowId).executeUpdate(completeTaskUpdate, {
          args: [{ taskKey: task.taskKey, actor: { userId: user.id, name: user.name }, values: c.req.valid('json').values }],
        }),
    );
    const { values } = c.req.valid('json');
    const decision = task.caseType === 'leave' ? (values.decision === 'approve' ? 'leave.approved' : 'leave.rejected') : 'task.completed';
    await c.var.audit({
      kind: decision,
      targetType: task.caseType === 'leave' ? 'leave_request' : 'task',
      targetId: task.caseId,
      detail: { taskId: c.req.valid('param').id, values },
    });
    const done = await findHeldTask(db, user, c.req.valid('param').id);
    return c.json({ task: done!.view });
  })
  .post('/:id/reassign', validate('param', idParam), validate('json', reassignSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const user = c.var.user;
    const { assigneeId, reason } = c.req.valid('json');
    const task = await findOrgTask(db, user.orgId, c.req.valid('param').id);
    // Both the task's holder and the new assignee must be within the reassigner's scope.
    const reachable = task
      ? await db
          .select({ id: users.id, name: users.name, email: users.email, active: users.active })
          .from(users)
          .where(and(usersInScope(user, 'tasks:reassign'), inArray(users.id, [task.assigneeId ?? assigneeId, assigneeId])))
      : [];
    const target = reachable.find((u) => u.id === assigneeId);
    if (!task || !reachable.some((u) => u.id === (task.assigneeId ?? assigneeId)))
      throw await deniedRecord(c, 'task', c.req.valid('param').id);
    if (!target || !target.active)
      throw new HttpError(422, 'invalid_assignee', 'The new assignee is not someone you can hand tasks to.', [
        { path: 'assigneeId', message: 'not within your scope, or deactivated' },
      ]);
    if (task.status !== 'open')
      throw new HttpError(409, 'task_not_open', 'This task is no longer open: it was already decided or withdrawn.');
    await commandProcess(
      temporal,
      {
        [TaskFailure.notOpen]: { status: 409, code: 'task_not_open' },
        [TaskFailure.notAllowed]: { status: 422, code: 'invalid_assignee' },
        [TaskFailure.unknownTask]: { status: 404, code: 'not_found' },
      },
      () =>
        temporal.workflow.getHandle(task.workflowId).executeUpdate(reassignTaskUpdate, {
          args: [
            {
              taskKey: task.taskKey,
              actor: { userId: user.id, name: user.name },
              to: { id: target.id, name: target.name, email: target.email },
              reason: reason || null,
            },
          ],
        }),
    );
    await c.var.audit({
      kind: 'task.reassigned',
      targetType: 'task',
      targetId: task.id,
      detail: { caseId: task.caseId, from: task.assigneeId, to: target.id, reason: reason || null },
    });
    return c.json({ task: { id: task.id, assigneeId: target.id, assigneeName: target.name } });
  });

/** Each leave task carries its request, so a list shows who and when in one call. */
async function withLeaveRequests<T extends { caseType: string; caseId: string }>(db: DbOrTx, orgId: string, tasks: T[]) {
  const ids = tasks.filter((t) => t.caseType === 'leave').map((t) => t.caseId);
  const requests = new Map((await findLeaveRequests(db, orgId, ids)).map((r) => [r.id, r]));
  return tasks.map((t) => ({ ...t, leaveRequest: requests.get(t.caseId) ?? null }));
}
