import { and, desc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { employments, organizations, payrollSettings, salaryStructures, users } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { structureProblems } from '../../domain/payroll/structure.ts';
import { ensurePayrollSchedule } from '../../temporal/payroll-schedules.ts';
import { deniedRecord } from '../access/denied.ts';
import { organizationZone } from '../attendance/read-model.ts';
import type { AppEnv } from '../context.ts';
import { unprocessable } from '../errors.ts';
import { validate } from '../validation.ts';
import { setupList } from './read-model.ts';
import { employeeParam, employmentSchema, settingsSchema, structureSchema } from './schemas.ts';

export async function employeeOf(c: Context<AppEnv>, id: string) {
  const [employee] = await c.var.deps.db
    .select({ id: users.id, name: users.name })
    .from(users)
    .where(and(eq(users.orgId, c.var.user.orgId), eq(users.id, id)));
  if (!employee) throw await deniedRecord(c, 'employee', id);
  return employee;
}

async function setupOf(c: Context<AppEnv>, id: string) {
  const { db } = c.var.deps;
  const employee = await employeeOf(c, id);
  const [employment] = await db.select().from(employments).where(eq(employments.employeeId, id));
  const structures = await db
    .select()
    .from(salaryStructures)
    .where(eq(salaryStructures.employeeId, id))
    .orderBy(desc(salaryStructures.effectiveFrom));
  return {
    employee,
    employment: employment ? { joinedOn: employment.joinedOn, leftOn: employment.leftOn, iban: employment.iban } : null,
    structures: structures.map((s) => ({ effectiveFrom: s.effectiveFrom, components: s.components })),
  };
}

/** HR's salary set-up of one employee: employment dates and IBAN, and structures from a date on. */
export const payrollEmployeeRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const { db, now } = c.var.deps;
    const today = todayIn(await organizationZone(db, c.var.user.orgId), now?.() ?? new Date());
    return c.json({ today, employees: await setupList(db, c.var.user.orgId, today) });
  })
  .get('/:id', validate('param', employeeParam), async (c) => c.json(await setupOf(c, c.req.valid('param').id)))
  .put('/:id/employment', validate('param', employeeParam), validate('json', employmentSchema), async (c) => {
    const { id } = c.req.valid('param');
    await employeeOf(c, id);
    const employment = c.req.valid('json');
    await c.var.deps.db.transaction(async (tx) => {
      await tx
        .insert(employments)
        .values({ employeeId: id, orgId: c.var.user.orgId, ...employment })
        .onConflictDoUpdate({ target: employments.employeeId, set: employment });
      // The dates, not the IBAN: the log is read by more people than payroll is.
      await c.var.audit(
        {
          kind: 'payroll.employment_set',
          targetType: 'user',
          targetId: id,
          detail: { joinedOn: employment.joinedOn, leftOn: employment.leftOn },
        },
        tx,
      );
    });
    return c.json(await setupOf(c, id));
  })
  .post('/:id/structures', validate('param', employeeParam), validate('json', structureSchema), async (c) => {
    const { id } = c.req.valid('param');
    await employeeOf(c, id);
    const { effectiveFrom, components } = c.req.valid('json');
    const problems = structureProblems(components);
    if (problems.length > 0) {
      throw unprocessable(
        'invalid_structure',
        'The salary structure cannot be computed.',
        problems.map((p) => ({
          path: p.code ? `components.${components.findIndex((x) => x.code === p.code)}` : 'components',
          message: p.message,
        })),
      );
    }
    await c.var.deps.db.transaction(async (tx) => {
      // A second structure from the same day replaces the first: it was not in force yet, or is being corrected.
      await tx
        .insert(salaryStructures)
        .values({ orgId: c.var.user.orgId, employeeId: id, effectiveFrom, components, createdBy: c.var.user.id })
        .onConflictDoUpdate({
          target: [salaryStructures.employeeId, salaryStructures.effectiveFrom],
          set: { components, createdBy: c.var.user.id },
        });
      await c.var.audit(
        {
          kind: 'payroll.structure_set',
          targetType: 'user',
          targetId: id,
          detail: { effectiveFrom, components: components.map((x) => x.code) },
        },
        tx,
      );
    });
    return c.json(await setupOf(c, id), 201);
  });

export const payrollSettingsRoutes = new Hono<AppEnv>()
  .get('/', async (c) => {
    const [settings] = await c.var.deps.db.select().from(payrollSettings).where(eq(payrollSettings.orgId, c.var.user.orgId));
    return c.json({ settings: { currency: settings?.currency ?? 'EUR', payrollDay: settings?.payrollDay ?? 25 } });
  })
  .put('/', validate('json', settingsSchema), async (c) => {
    const { db, temporal, config } = c.var.deps;
    const orgId = c.var.user.orgId;
    const settings = c.req.valid('json');
    await db.transaction(async (tx) => {
      await tx
        .insert(payrollSettings)
        .values({ orgId, ...settings })
        .onConflictDoUpdate({ target: payrollSettings.orgId, set: { ...settings, updatedAt: new Date() } });
      await c.var.audit({ kind: 'payroll.settings_changed', targetType: 'organization', targetId: orgId, detail: settings }, tx);
      const [org] = await tx.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
      // Inside the transaction: a schedule that cannot be moved leaves the old day saved, not half of it.
      await ensurePayrollSchedule(
        temporal,
        { id: orgId, timeZone: org!.timeZone, payrollDay: settings.payrollDay },
        config.temporal.taskQueue,
      );
    });
    return c.json({ settings });
  });
