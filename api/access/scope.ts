import { and, eq, sql, type SQL } from 'drizzle-orm';
import { users } from '../../db/schema/index.ts';
import type { Permission } from '../../domain/access/permissions.ts';
import type { Principal } from './principal.ts';

/**
 * The people a permission reaches for this principal, as a condition on `users`: always inside
 * their organisation, then narrowed to themselves, their reporting line, or their department tree.
 */
export function usersInScope(principal: Principal, permission: Permission): SQL {
  const scope = principal.grants.get(permission);
  const sameOrg = eq(users.orgId, principal.orgId);
  switch (scope) {
    case 'organization':
      return sameOrg;
    case 'department':
      if (!principal.departmentId) return and(sameOrg, eq(users.id, principal.id))!;
      return and(
        sameOrg,
        sql`${users.departmentId} in (
          with recursive tree(id) as (
            select ${principal.departmentId}::uuid
            union select d.id from departments d join tree on d.parent_id = tree.id
          ) select id from tree)`,
      )!;
    case 'reports':
      return and(
        sameOrg,
        sql`${users.id} in (
          with recursive line(id) as (
            select ${principal.id}::uuid
            union select u.id from users u join line on u.manager_id = line.id
          ) select id from line)`,
      )!;
    case 'own':
      return and(sameOrg, eq(users.id, principal.id))!;
    default:
      return sql`false`;
  }
}
