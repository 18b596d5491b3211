import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { leaveTypes, organizations } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { halfDaysToDays } from '../../domain/leave-days.ts';
import { cancelLeaveUpdate, LeaveFailure } from '../../workflows/leave/messages.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError } from '../errors.ts';
import { assessLeaveForm } from '../leave/assess.ts';
import { caseTimeline } from '../cases/timeline.ts';
import { employeeBalances } from '../leave/balances.ts';
import { findLeaveRequest, listOwnLeaveRequests, presentLeaveRequest } from '../leave/read-model.ts';
import { cancelLeaveSchema, leaveFormSchema, leavePreviewSchema } from '../leave/schemas.ts';
import { leaveProcessInput, startLeaveProcess } from '../leave/submit.ts';
import { commandProcess } from '../temporal-errors.ts';
import { validate } from '../validation.ts';
import { leaveRequestVisibleTo } from '../leave/access.ts';

const idParam = z.object({ id: z.uuid('must be a leave request id') });

export const leaveTypeRoutes = new Hono<AppEnv>().get('/', async (c) => {
  // Retired types take no new requests, so they are not offered.
  const rows = await c.var.deps.db
    .select()
    .from(leaveTypes)
    .where(and(eq(leaveTypes.orgId, c.var.user.orgId), eq(leaveTypes.active, true)))
    .orderBy(asc(leaveTypes.name));
  return c.json({ leaveTypes: rows.map(({ code, name, hasBalance, maxDays }) => ({ code, name, hasBalance, maxDays })) });
});

const balanceQuery = z.object({ year: z.coerce.number().int().min(2000).max(2100).optional() });

export const leaveBalanceRoutes = new Hono<AppEnv>().get('/', validate('query', balanceQuery), async (c) => {
  const { db, now } = c.var.deps;
  const user = c.var.user;
  const [organization] = await db.select().from(organizations).where(eq(organizations.id, user.orgId));
  // The organisation's year: on 31 December evening in Berlin it is already next year in Tokyo.
  const thisYear = Number(todayIn(organization?.timeZone ?? 'UTC', now?.() ?? new Date()).slice(0, 4));
  const balances = await employeeBalances(db, { orgId: user.orgId, employeeId: user.id }, { thisYear, only: c.req.valid('query').year });
  return c.json({ balances });
});

export const leaveRequestRoutes = new Hono<AppEnv>()
  .post('/preview', validate('json', leavePreviewSchema), async (c) => {
    const { db, config, now } = c.var.deps;
    const result = await assessLeaveForm(db, c.var.user, c.req.valid('json'), {
      pastGraceDays: config.leave.pastGraceDays,
      now: now?.() ?? new Date(),
    });
    const before = result.availableHalfDays;
    return c.json({
      workingDays: halfDaysToDays(result.halfDays),
      balanceBefore: before === null ? null : halfDaysToDays(before),
      balanceAfter: before === null ? null : halfDaysToDays(before - result.halfDays),
      violations: result.violations,
    });
  })
  .post('/', validate('json', leaveFormSchema), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const form = c.req.valid('json');
    const requestId = form.requestId ?? randomUUID();
    // A repeated submit of the same form answers with what the first one created, whatever the
    // rules say now (its own days overlap it). The rules are read beside that look-up: a round
    // trip less on every first submit, a few reads wasted on a repeat.
    const [found, input] = await Promise.allSettled([
      findLeaveRequest(db, user.orgId, requestId),
      leaveProcessInput(c.var.deps, user, { ...form, requestId }, c.var.clientAddress),
    ]);
    if (found.status === 'rejected') throw found.reason;
    const earlier = found.value;
    if (earlier && earlier.employeeId !== user.id) throw new HttpError(409, 'request_id_taken', 'This request id is already in use.');
    if (!earlier) {
      if (input.status === 'rejected') throw input.reason;
      await startLeaveProcess(c.var.deps, user, input.value);
    }
    const recorded = earlier ?? (await findLeaveRequest(db, user.orgId, requestId));
    if (!recorded) throw new HttpError(503, 'process_busy', 'The request was accepted but is not recorded yet.');
    return c.json({ leaveRequest: presentLeaveRequest(recorded) }, earlier ? 200 : 201);
  })
  .get('/', async (c) => {
    const user = c.var.user;
    return c.json({ leaveRequests: await listOwnLeaveRequests(c.var.deps.db, user.orgId, user.id) });
  })
  .get('/:id', validate('param', idParam), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const request = await findLeaveRequest(db, user.orgId, c.req.valid('param').id);
    if (!request || !(await leaveRequestVisibleTo(db, request, user)))
      throw await deniedRecord(c, 'leave_request', c.req.valid('param').id);
    return c.json({ leaveRequest: presentLeaveRequest(request), timeline: await caseTimeline(db, user.orgId, request.id, 'leave') });
  })
  .post('/:id/cancel', validate('param', idParam), validate('json', cancelLeaveSchema), async (c) => {
    const { db, temporal } = c.var.deps;
    const user = c.var.user;
    const request = await findLeaveRequest(db, user.orgId, c.req.valid('param').id);
    if (!request || request.employeeId !== user.id) throw await deniedRecord(c, 'leave_request', c.req.valid('param').id);
    const { reason } = c.req.valid('json');
    await commandProcess(
      temporal,
      {
        [LeaveFailure.notCancellable]: { status: 409, code: 'not_cancellable' },
        [LeaveFailure.notAllowed]: { status: 403, code: 'not_allowed' },
      },
      () =>
        temporal.workflow.getHandle(request.workflowId).executeUpdate(cancelLeaveUpdate, {
          args: [{ actor: { userId: user.id, name: user.name, address: c.var.clientAddress }, reason: reason || null }],
        }),
    );
    const updated = await findLeaveRequest(db, user.orgId, request.id);
    return c.json({ leaveRequest: presentLeaveRequest(updated!) });
  });
