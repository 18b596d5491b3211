import { randomUUID } from 'node:crypto';
import { and, asc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import type { DbOrTx } from '../../db/client.ts';
import { availableHalfDays } from '../../db/queries/leave-balances.ts';
import { leaveLedger, leaveTypes, organizations, users, type LeaveType } from '../../db/schema/index.ts';
import { effectiveGrants } from '../../domain/access/grants.ts';
import { todayIn } from '../../domain/calendar.ts';
import { halfDaysToDays } from '../../domain/leave-days.ts';
import { organizationRoles } from '../../db/queries/principal.ts';
import type { AppEnv } from '../context.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { balanceFor } from './read-model.ts';
import { validate } from '../validation.ts';
import { allocationAdjustmentSchema, allocationQuery, bulkAllocationSchema } from '../admin/schemas.ts';

/** The one yearly allocation of a person, type and year: its key makes a repeated allocation a no-op. */
const yearlyAllocationKey = (year: number, employeeId: string, leaveTypeCode: string) =>
  `allocation:${year}:${employeeId}:${leaveTypeCode}`;

/** Active people of the organisation who may request leave: the ones allocations are for. */
async function leaveTakers(db: DbOrTx, orgId: string) {
  const custom = await organizationRoles(db, orgId);
  const people = await db
    .select({ id: users.id, name: users.name, roles: users.roles })
    .from(users)
    .where(and(eq(users.orgId, orgId), eq(users.active, true)))
    .orderBy(asc(users.name));
  return people.filter((person) => effectiveGrants(person.roles, custom).has('leave:request'));
}

/** A leave type of the organisation that keeps a balance, or a 422 naming `leaveTypeCode`. */
async function typeWithBalance(db: DbOrTx, orgId: string, code: string): Promise<LeaveType> {
  const [leaveType] = await db
    .select()
    .from(leaveTypes)
    .where(and(eq(leaveTypes.orgId, orgId), eq(leaveTypes.code, code)));
  const problem = (message: string) => unprocessable('invalid_leave_type', message, [{ path: 'leaveTypeCode', message }]);
  if (!leaveType) throw problem(`Unknown leave type "${code}".`);
  if (!leaveType.hasBalance) throw problem(`${leaveType.name} has no balance: nothing is allocated.`);
  return leaveType;
}

async function thisYear(c: Context<AppEnv>): Promise<number> {
  const [organization] = await c.var.deps.db.select().from(organizations).where(eq(organizations.id, c.var.user.orgId));
  return Number(todayIn(organization?.timeZone ?? 'UTC', c.var.deps.now?.() ?? new Date()).slice(0, 4));
}

export const adminAllocationRoutes = new Hono<AppEnv>()
  .get('/allocations', validate('query', allocationQuery), async (c) => {
    const { db } = c.var.deps;
    const orgId = c.var.user.orgId;
    const query = c.req.valid('query');
    const year = query.year ?? (await thisYear(c));
    const types = await db
      .select()
      .from(leaveTypes)
      .where(and(eq(leaveTypes.orgId, orgId), eq(leaveTypes.hasBalance, true)))
      .orderBy(asc(leaveTypes.name));
    const leaveTypeCode = query.leaveTypeCode ?? types.find((t) => t.active)?.code ?? null;
    const people = leaveTypeCode ? await leaveTakers(db, orgId) : [];
    const allocated = new Set(
      leaveTypeCode
        ? (
            await db
              .select({ entryKey: leaveLedger.entryKey })
              .from(leaveLedger)
              .where(and(eq(leaveLedger.orgId, orgId), eq(leaveLedger.year, year), eq(leaveLedger.leaveTypeCode, leaveTypeCode)))
          ).map((entry) => entry.entryKey)
        : [],
    );
    const rows = await Promise.all(
      people.map(async (person) => ({
        employeeId: person.id,
        name: person.name,
        hasYearlyAllocation: allocated.has(yearlyAllocationKey(year, person.id, leaveTypeCode!)),
        ...(await balanceFor(db, { orgId, employeeId: person.id, leaveTypeCode: leaveTypeCode!, year })),
      })),
    );
    return c.json({
      year,
      leaveTypeCode,
      leaveTypes: types.map(({ code, name, active }) => ({ code, name, active })),
      people: rows,
    });
  })
  .post('/allocations', validate('json', bulkAllocationSchema), async (c) => {
    const { db } = c.var.deps;
    const orgId = c.var.user.orgId;
    const input = c.req.valid('json');
    const leaveType = await typeWithBalance(db, orgId, input.leaveTypeCode);
    if (!leaveType.active) {
      throw unprocessable('invalid_leave_type', `${leaveType.name} is retired.`, [{ path: 'leaveTypeCode', message: 'retired' }]);
    }
    const people = await leaveTakers(db, orgId);
    // The entry key is unique per organisation, so whoever has this year's allocation already (from an
    // earlier run, the seed, or a racing one) is skipped by the database, not by a check that could race.
    const added =
      people.length === 0
        ? []
        : await db
            .insert(leaveLedger)
            .values(
              people.map((person) => ({
                orgId,
                employeeId: person.id,
                leaveTypeCode: leaveType.code,
                year: input.year,
                halfDays: input.days * 2,
                kind: 'allocation' as const,
                entryKey: yearlyAllocationKey(input.year, person.id, leaveType.code),
              })),
            )
            .onConflictDoNothing({ target: [leaveLedger.orgId, leaveLedger.entryKey] })
            .returning({ employeeId: leaveLedger.employeeId });
    await c.var.audit({
      kind: 'leave.allocated',
      targetType: 'leave_type',
      targetId: leaveType.code,
      detail: { year: input.year, days: input.days, allocated: added.length, alreadyAllocated: people.length - added.length },
    });
    return c.json({
      year: input.year,
      leaveTypeCode: leaveType.code,
      allocated: added.length,
      alreadyAllocated: people.length - added.length,
    });
  })
  .post('/allocations/adjustments', validate('json', allocationAdjustmentSchema), async (c) => {
    const { db } = c.var.deps;
    const orgId = c.var.user.orgId;
    const input = c.req.valid('json');
    const leaveType = await typeWithBalance(db, orgId, input.leaveTypeCode);
    const [employee] = await db
      .select({ id: users.id, name: users.name })
      .from(users)
      .where(and(eq(users.id, input.employeeId), eq(users.orgId, orgId)));
    if (!employee) throw unprocessable('unknown_employee', 'No such person.', [{ path: 'employeeId', message: 'No such person' }]);
    const key = { orgId, employeeId: employee.id, leaveTypeCode: leaveType.code, year: input.year };
    const entryKey = `adjustment:${input.adjustmentId ?? randomUUID()}`;
    const [earlier] = await db
      .select()
      .from(leaveLedger)
      .where(and(eq(leaveLedger.orgId, orgId), eq(leaveLedger.entryKey, entryKey)));
    if (earlier && (earlier.employeeId !== employee.id || earlier.leaveTypeCode !== leaveType.code || earlier.year !== input.year)) {
      throw new HttpError(409, 'adjustment_id_taken', 'This adjustment id is already in use.');
    }
    if (!earlier && input.days < 0 && (await availableHalfDays(db, key)) + input.days * 2 < 0) {
      throw unprocessable('balance_below_zero', `${employee.name} would have less than nothing available in ${input.year}.`, [
        { path: 'days', message: 'more than is available' },
      ]);
    }
    // A correction is a new entry: the ledger is append-only.
    const [entry] = await db
      .insert(leaveLedger)
      .values({ ...key, halfDays: input.days * 2, kind: 'allocation', entryKey, note: input.reason })
      .onConflictDoNothing({ target: [leaveLedger.orgId, leaveLedger.entryKey] })
      .returning();
    if (entry) {
      await c.var.audit({
        kind: 'leave.allocation_adjusted',
        targetType: 'user',
        targetId: employee.id,
        detail: { leaveTypeCode: leaveType.code, year: input.year, days: input.days, reason: input.reason },
      });
    }
    return c.json(
      {
        adjustment: {
          id: entryKey.slice('adjustment:'.length),
          days: halfDaysToDays((entry ?? earlier)!.halfDays),
          balance: await balanceFor(db, key),
        },
      },
      entry ? 201 : 200,
    );
  });
