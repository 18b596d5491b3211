import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { departments, users } from '../../db/schema/index.ts';
import { effectiveGrants } from '../../domain/access/grants.ts';
import { scopes, type Grant } from '../../domain/access/permissions.ts';
import { builtInRoleKeys } from '../../domain/access/roles.ts';
import { organizationRoles, type Principal } from '../../db/queries/principal.ts';
import { HttpError, unprocessable } from '../errors.ts';

/** Nobody hands out more than they hold: every granted permission within the granter's own scope. */
export function assertWithinOwnGrants(principal: Principal, grants: Iterable<Grant>): void {
  for (const { permission, scope } of grants) {
    const own = principal.grants.get(permission);
    if (!own || scopes.indexOf(scope) > scopes.indexOf(own)) {
      throw new HttpError(403, 'forbidden', `You cannot grant ${permission} (${scope}): it is more than you hold yourself.`);
    }
  }
}

/** The roles exist in this organisation, and together grant no more than the assigner holds. */
export async function assertAssignableRoles(db: DbOrTx, principal: Principal, roleKeys: string[]): Promise<void> {
  const custom = await organizationRoles(db, principal.orgId);
  const known = new Set([...builtInRoleKeys, ...custom.map((r) => r.key)]);
  const unknown = roleKeys.filter((key) => !known.has(key));
  if (unknown.length > 0)
    throw unprocessable('unknown_role', `Unknown role: ${unknown.join(', ')}.`, [
      { path: 'roles', message: `Unknown role: ${unknown.join(', ')}` },
    ]);
  const granted = effectiveGrants(roleKeys, custom);
  assertWithinOwnGrants(
    principal,
    [...granted].map(([permission, scope]) => ({ permission, scope })),
  );
}

export async function assertDepartmentInOrg(db: DbOrTx, orgId: string, departmentId: string | null | undefined): Promise<void> {
  if (!departmentId) return;
  const [department] = await db
    .select({ id: departments.id })
    .from(departments)
    .where(and(eq(departments.id, departmentId), eq(departments.orgId, orgId)));
  if (!department)
    throw unprocessable('unknown_department', 'No such department.', [{ path: 'departmentId', message: 'No such department' }]);
}

/** The manager exists, is active, is in the organisation, and is not the person nor below them. */
export async function assertValidManager(
  db: DbOrTx,
  orgId: string,
  userId: string | null,
  managerId: string | null | undefined,
): Promise<void> {
  if (!managerId) return;
  const problem = (message: string) => unprocessable('invalid_manager', message, [{ path: 'managerId', message }]);
  const seen = new Set<string>();
  for (let current: string | null = managerId; current;) {
    if (current === userId) throw problem('That would make a reporting-line loop.');
    if (seen.has(current)) break;
    seen.add(current);
    const [row]: { managerId: string | null; active: boolean }[] = await db
      .select({ managerId: users.managerId, active: users.active })
      .from(users)
      .where(and(eq(users.id, current), eq(users.orgId, orgId)));
    if (!row) throw problem('No such manager.');
    if (current === managerId && !row.active) throw problem('The manager is deactivated.');
    current = row.managerId;
  }
}
