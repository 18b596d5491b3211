import { and, asc, count, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import type { DbOrTx } from '../../db/client.ts';
import { departments, users } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { validate } from '../validation.ts';
import { departmentChangeSchema, departmentIdParam, departmentSchema } from './schemas.ts';

/** The parent exists in the organisation and is not the department itself nor nested below it. */
async function assertValidParent(
  db: DbOrTx,
  orgId: string,
  departmentId: string | null,
  parentId: string | null | undefined,
): Promise<void> {
  const problem = (message: string) => unprocessable('invalid_parent', message, [{ path: 'parentId', message }]);
  const seen = new Set<string>();
  for (let current = parentId ?? null; current && !seen.has(current);) {
    if (current === departmentId) throw problem('A department cannot sit inside itself.');
    seen.add(current);
    const [row] = await db
      .select({ parentId: departments.parentId })
      .from(departments)
      .where(and(eq(departments.id, current), eq(departments.orgId, orgId)));
    if (!row) throw problem('No such parent department.');
    current = row.parentId;
  }
}

export const adminDepartmentRoutes = new Hono<AppEnv>()
  .get('/departments', async (c) => {
    const rows = await c.var.deps.db
      .select({ id: departments.id, name: departments.name, parentId: departments.parentId, memberCount: count(users.id) })
      .from(departments)
      .leftJoin(users, and(eq(users.departmentId, departments.id), eq(users.active, true)))
      .where(eq(departments.orgId, c.var.user.orgId))
      .groupBy(departments.id)
      .orderBy(asc(departments.name));
    return c.json({ departments: rows });
  })
  .post('/departments', validate('json', departmentSchema), async (c) => {
    const { db } = c.var.deps;
    const input = c.req.valid('json');
    await assertValidParent(db, c.var.user.orgId, null, input.parentId);
    const [department] = await db
      .insert(departments)
      .values({ orgId: c.var.user.orgId, name: input.name, parentId: input.parentId ?? null })
      .onConflictDoNothing()
      .returning();
    if (!department)
      throw new HttpError(409, 'name_taken', 'A department with this name exists.', [{ path: 'name', message: 'already exists' }]);
    await c.var.audit({
      kind: 'department.created',
      targetType: 'department',
      targetId: department.id,
      detail: { name: department.name, parentId: department.parentId },
    });
    return c.json({ department }, 201);
  })
  .patch('/departments/:id', validate('param', departmentIdParam), validate('json', departmentChangeSchema), async (c) => {
    const { db } = c.var.deps;
    const { id } = c.req.valid('param');
    const change = c.req.valid('json');
    const [before] = await db
      .select()
      .from(departments)
      .where(and(eq(departments.id, id), eq(departments.orgId, c.var.user.orgId)));
    if (!before) throw await deniedRecord(c, 'department', id);
    await assertValidParent(db, c.var.user.orgId, id, change.parentId);
    const [department] = await db.update(departments).set(change).where(eq(departments.id, id)).returning();
    await c.var.audit({
      kind: 'department.updated',
      targetType: 'department',
      targetId: id,
      detail: { before: { name: before.name, parentId: before.parentId }, after: change },
    });
    return c.json({ department });
  });
