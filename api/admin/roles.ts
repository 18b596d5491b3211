import { and, eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { customRoles } from '../../db/schema/index.ts';
import { inheritanceCycle, roleGrants } from '../../domain/access/grants.ts';
import { permissionCatalogue, permissions, scopeAllowed, type Grant } from '../../domain/access/permissions.ts';
import { builtInRoleKeys, builtInRoles, type RoleDefinition } from '../../domain/access/roles.ts';
import { organizationRoles } from '../../db/queries/principal.ts';
import type { AppEnv } from '../context.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { validate } from '../validation.ts';
import { assertWithinOwnGrants } from './guards.ts';
import { roleChangeSchema, roleKeyParam, roleSchema } from './schemas.ts';

function assertScopesAllowed(grants: Grant[]): void {
  const wrong = grants.find((g) => !scopeAllowed(g.permission, g.scope));
  if (wrong)
    throw unprocessable('invalid_scope', `${wrong.permission} cannot have the scope ${wrong.scope}.`, [
      { path: 'permissions', message: `${wrong.permission}: ${wrong.scope} is not allowed` },
    ]);
}

function assertInheritance(key: string, inherits: string | null | undefined, roles: Map<string, RoleDefinition>): void {
  if (!inherits) return;
  if (!roles.has(inherits))
    throw unprocessable('unknown_role', `Unknown role ${inherits}.`, [{ path: 'inherits', message: 'unknown role' }]);
  if (inheritanceCycle(key, inherits, roles))
    throw unprocessable('inheritance_cycle', 'That would make the role inherit from itself.', [
      { path: 'inherits', message: 'inheritance loop' },
    ]);
}

export const adminRoleRoutes = new Hono<AppEnv>()
  .get('/permissions', (c) =>
    c.json({
      permissions: permissions.map((key) => ({
        key,
        description: permissionCatalogue[key].description,
        scopes: permissionCatalogue[key].scopes,
      })),
    }),
  )
  .get('/roles', async (c) => {
    const custom = await organizationRoles(c.var.deps.db, c.var.user.orgId);
    const all = new Map([...builtInRoles, ...custom].map((r) => [r.key, r]));
    return c.json({
      roles: [...all.values()].map((role) => ({
        key: role.key,
        name: role.name,
        builtIn: builtInRoleKeys.has(role.key),
        inherits: role.inherits,
        permissions: role.grants,
        effective: roleGrants(role.key, all),
      })),
    });
  })
  .post('/roles', validate('json', roleSchema), async (c) => {
    const { db } = c.var.deps;
    const input = c.req.valid('json');
    const custom = await organizationRoles(db, c.var.user.orgId);
    const roles = new Map([...builtInRoles, ...custom].map((r) => [r.key, r]));
    if (roles.has(input.key))
      throw new HttpError(409, 'key_taken', 'A role with this key exists.', [{ path: 'key', message: 'already exists' }]);
    assertScopesAllowed(input.permissions);
    assertInheritance(input.key, input.inherits, roles);
    const draft = { key: input.key, name: input.name, inherits: input.inherits ?? null, grants: input.permissions };
    assertWithinOwnGrants(c.var.user, roleGrants(input.key, new Map([...roles, [input.key, draft]])));
    const [role] = await db
      .insert(customRoles)
      .values({ orgId: c.var.user.orgId, ...draft })
      .returning();
    await c.var.audit({
      kind: 'role.created',
      targetType: 'role',
      targetId: input.key,
      detail: { inherits: draft.inherits, permissions: draft.grants },
    });
    return c.json({ role }, 201);
  })
  .patch('/roles/:key', validate('param', roleKeyParam), validate('json', roleChangeSchema), async (c) => {
    const { db } = c.var.deps;
    const { key } = c.req.valid('param');
    const change = c.req.valid('json');
    if (builtInRoleKeys.has(key))
      throw new HttpError(409, 'built_in_role', 'Built-in roles cannot be changed; create a role that inherits it.');
    const custom = await organizationRoles(db, c.var.user.orgId);
    const roles = new Map([...builtInRoles, ...custom].map((r) => [r.key, r]));
    const before = roles.get(key);
    if (!before) throw new HttpError(404, 'not_found', 'Role was not found.');
    const after = {
      ...before,
      name: change.name ?? before.name,
      inherits: change.inherits === undefined ? before.inherits : change.inherits,
      grants: change.permissions ?? before.grants,
    };
    assertScopesAllowed(after.grants);
    assertInheritance(key, after.inherits, roles);
    assertWithinOwnGrants(c.var.user, roleGrants(key, new Map([...roles, [key, after]])));
    const [role] = await db
      .update(customRoles)
      .set({ name: after.name, inherits: after.inherits, grants: after.grants })
      .where(and(eq(customRoles.orgId, c.var.user.orgId), eq(customRoles.key, key)))
      .returning();
    await c.var.audit({
      kind: 'role.updated',
      targetType: 'role',
      targetId: key,
      detail: {
        before: { inherits: before.inherits, permissions: before.grants },
        after: { inherits: after.inherits, permissions: after.grants },
      },
    });
    return c.json({ role });
  });
