import { eq, sql, type SQL } from 'drizzle-orm';
import type { AnyPgColumn } from 'drizzle-orm/pg-core';
import type { DbOrTx } from '../client.ts';
import { customRoles, type User } from '../schema/index.ts';
import { effectiveGrants } from '../../domain/access/grants.ts';
import type { Permission, Scope } from '../../domain/access/permissions.ts';
import type { RoleDefinition } from '../../domain/access/roles.ts';
import { twoFactorOptional } from '../../domain/access/roles.ts';

/** The signed-in person as access control sees them. */
export interface Principal {
  id: string;
  orgId: string;
  email: string;
  name: string;
  roles: string[];
  managerId: string | null;
  departmentId: string | null;
  grants: ReadonlyMap<Permission, Scope>;
  twoFactorEnabled: boolean;
  twoFactorRequired: boolean;
}

export async function organizationRoles(db: DbOrTx, orgId: string): Promise<RoleDefinition[]> {
  const rows = await db.select().from(customRoles).where(eq(customRoles.orgId, orgId));
  return rows.map((r) => ({ key: r.key, name: r.name, inherits: r.inherits, grants: r.grants }));
}

/**
 * The organisation's custom roles as one column of another query (the session look-up), so that
 * resolving who is asking stays one statement per request.
 */
export function organizationRolesColumn(orgId: AnyPgColumn): SQL<RoleDefinition[]> {
  return sql<RoleDefinition[]>`coalesce((
    select json_agg(json_build_object('key', r.key, 'name', r.name, 'inherits', r.inherits, 'grants', r.grants))
    from ${customRoles} r where r.org_id = ${orgId}), '[]'::json)`;
}

export async function loadPrincipal(db: DbOrTx, user: User): Promise<Principal> {
  return principalOf(user, await organizationRoles(db, user.orgId));
}

/** A principal from a user and their organisation's custom roles, loaded by the caller. */
export function principalOf(user: User, custom: readonly RoleDefinition[]): Principal {
  return {
    id: user.id,
    orgId: user.orgId,
    email: user.email,
    name: user.name,
    roles: user.roles,
    managerId: user.managerId,
    departmentId: user.departmentId,
    grants: effectiveGrants(user.roles, custom),
    twoFactorEnabled: user.totpSecret !== null,
    twoFactorRequired: !twoFactorOptional(user.roles),
  };
}

/** What `/api/me` shows of a principal. */
export function presentPrincipal(p: Principal) {
  const { grants, ...rest } = p;
  return { ...rest, permissions: [...grants.keys()], grants: [...grants].map(([permission, scope]) => ({ permission, scope })) };
}
