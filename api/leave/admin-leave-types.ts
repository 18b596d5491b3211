import { and, asc, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { leaveLedger, leaveRequests, leaveTypes, type LeaveType } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError } from '../errors.ts';
import { validate } from '../validation.ts';
import { leaveTypeChangeSchema, leaveTypeCodeParam, leaveTypeSchema } from '../admin/schemas.ts';

const present = ({ code, name, hasBalance, paid, maxDays, active }: LeaveType) => ({ code, name, hasBalance, paid, maxDays, active });

// The code is unique per organisation (`leave_types_org_code`): a clash, even a racing one, is the database's to find.
const isUniqueViolation = (err: unknown) => (err as { cause?: { code?: string } }).cause?.code === '23505';

const codeTaken = () =>
  new HttpError(409, 'code_taken', 'A leave type with this code exists.', [{ path: 'code', message: 'already exists' }]);

export const adminLeaveTypeRoutes = new Hono<AppEnv>()
  .get('/leave-types', async (c) => {
    const rows = await c.var.deps.db.select().from(leaveTypes).where(eq(leaveTypes.orgId, c.var.user.orgId)).orderBy(asc(leaveTypes.name));
    return c.json({ leaveTypes: rows.map(present) });
  })
  .post('/leave-types', validate('json', leaveTypeSchema), async (c) => {
    const input = c.req.valid('json');
    const [leaveType] = await c.var.deps.db
      .insert(leaveTypes)
      .values({ orgId: c.var.user.orgId, ...input, paid: input.paid ?? input.hasBalance })
      .onConflictDoNothing()
      .returning();
    if (!leaveType) throw codeTaken();
    await c.var.audit({ kind: 'leave_type.created', targetType: 'leave_type', targetId: leaveType.code, detail: present(leaveType) });
    return c.json({ leaveType: present(leaveType) }, 201);
  })
  .patch('/leave-types/:code', validate('param', leaveTypeCodeParam), validate('json', leaveTypeChangeSchema), async (c) => {
    const { db } = c.var.deps;
    const orgId = c.var.user.orgId;
    const { code } = c.req.valid('param');
    const change = c.req.valid('json');
    const ofThisType = and(eq(leaveTypes.orgId, orgId), eq(leaveTypes.code, code));
    const after = await db.transaction(async (tx) => {
      const [before] = await tx.select().from(leaveTypes).where(ofThisType).for('update');
      if (!before) return null;
      if (change.code && change.code !== code) {
        // Requests and ledger entries name their type by code: a code in use stays, or they would lose it.
        const [inUse] = await tx
          .select({ id: leaveRequests.id })
          .from(leaveRequests)
          .where(and(eq(leaveRequests.orgId, orgId), eq(leaveRequests.leaveTypeCode, code)))
          .limit(1);
        const [inLedger] = await tx
          .select({ id: leaveLedger.id })
          .from(leaveLedger)
          .where(and(eq(leaveLedger.orgId, orgId), eq(leaveLedger.leaveTypeCode, code)))
          .limit(1);
        if (inUse || inLedger)
          throw new HttpError(
            409,
            'leave_type_in_use',
            'Requests or allocations use this code, so it cannot change; retire the type instead.',
            [{ path: 'code', message: 'in use by requests or allocations' }],
          );
      }
      const [updated] = await tx
        .update(leaveTypes)
        .set(change)
        .where(ofThisType)
        .returning()
        .catch((err: unknown) => {
          throw isUniqueViolation(err) ? codeTaken() : err;
        });
      return { before, updated: updated! };
    });
    if (!after) throw await deniedRecord(c, 'leave_type', code);
    await c.var.audit({
      kind: 'leave_type.updated',
      targetType: 'leave_type',
      targetId: after.updated.code,
      detail: { before: present(after.before), after: change },
    });
    return c.json({ leaveType: present(after.updated) });
  });
