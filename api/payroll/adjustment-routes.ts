import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { payrollAdjustments } from '../../db/schema/index.ts';
import { waitingAdjustment } from '../../activities/payroll/adjustments.ts';
import { deniedRecord } from '../access/denied.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { listAdjustments } from './adjustments.ts';
import { adjustmentParam, adjustmentSchema, adjustmentsQuery } from './schemas.ts';
import { employeeOf } from './setup-routes.ts';

// What the audit log keeps of an adjustment: not its amount or reason (the log is read more widely than payroll).
const auditDetail = (a: { employeeId: string; type: string; target: string; correctsPeriod: string | null }) => ({
  employeeId: a.employeeId,
  type: a.type,
  target: a.target,
  correctsPeriod: a.correctsPeriod,
});

/** HR's adjustments: a finalised run is never edited, so what it got wrong is paid or recovered later. */
export const payrollAdjustmentRoutes = new Hono<AppEnv>()
  .get('/', validate('query', adjustmentsQuery), async (c) =>
    c.json(await listAdjustments(c.var.deps.db, c.var.user.orgId, c.req.valid('query'))),
  )
  .post('/', validate('json', adjustmentSchema), async (c) => {
    const { id = crypto.randomUUID(), ...adjustment } = c.req.valid('json');
    const orgId = c.var.user.orgId;
    await employeeOf(c, adjustment.employeeId);
    const added = await c.var.deps.db.transaction(async (tx) => {
      const [row] = await tx
        .insert(payrollAdjustments)
        .values({ id, orgId, ...adjustment, createdBy: c.var.user.id })
        .onConflictDoNothing()
        .returning({ id: payrollAdjustments.id });
      if (row)
        await c.var.audit(
          { kind: 'payroll.adjustment_added', targetType: 'payroll_adjustment', targetId: id, detail: auditDetail(adjustment) },
          tx,
        );
      return Boolean(row);
    });
    const [recorded] = (await listAdjustments(c.var.deps.db, orgId, { status: 'all', id })).adjustments;
    // The same id again is the same click retried, unless it says something else.
    const same =
      recorded &&
      recorded.employeeId === adjustment.employeeId &&
      recorded.type === adjustment.type &&
      recorded.amountMinor === adjustment.amountMinor &&
      recorded.reason === adjustment.reason &&
      recorded.correctsPeriod === adjustment.correctsPeriod &&
      recorded.target === adjustment.target;
    if (!same) throw new HttpError(409, 'adjustment_exists', 'Another adjustment was recorded under this id.');
    return c.json({ adjustment: recorded }, added ? 201 : 200);
  })
  // Only while no run holds it: once a run has it, that run's review is where it is undone.
  .delete('/:id', validate('param', adjustmentParam), async (c) => {
    const { id } = c.req.valid('param');
    const { db } = c.var.deps;
    const orgId = c.var.user.orgId;
    const [before] = (await listAdjustments(db, orgId, { status: 'all', id })).adjustments;
    if (!before) throw await deniedRecord(c, 'payroll_adjustment', id);
    if (before.status === 'applied') {
      throw new HttpError(
        409,
        'adjustment_in_run',
        `The payroll run ${before.run} holds this adjustment; exclude the line there, or add one that reverses it.`,
      );
    }
    if (before.status === 'open') {
      await db.transaction(async (tx) => {
        const cancelled = await tx
          .update(payrollAdjustments)
          .set({ cancelledAt: new Date(), cancelledBy: c.var.user.id })
          .where(and(eq(payrollAdjustments.id, id), waitingAdjustment))
          .returning({ id: payrollAdjustments.id });
        if (cancelled.length === 0) throw new HttpError(409, 'adjustment_in_run', 'A payroll run took this adjustment just now.');
        await c.var.audit(
          { kind: 'payroll.adjustment_cancelled', targetType: 'payroll_adjustment', targetId: id, detail: auditDetail(before) },
          tx,
        );
      });
    }
    const [after] = (await listAdjustments(db, orgId, { status: 'all', id })).adjustments;
    return c.json({ adjustment: after! });
  });
