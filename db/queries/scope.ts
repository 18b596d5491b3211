import { and, eq, or, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../client.ts';
import { users } from '../schema/index.ts';
import type { Permission } from '../../domain/access/permissions.ts';
import type { Principal } from './principal.ts';

const reportingLine = (principal: Principal) => sql`${users.id} in (
  with recursive line(id) as (
    select ${principal.id}::uuid
    union select u.id from users u join line on u.manager_id = line.id
  ) select id from line)`;

const departmentTree = (departmentId: string) => sql`${users.departmentId} in (
  with recursive tree(id) as (
    select ${departmentId}::uuid
    union select d.id from departments d join tree on d.parent_id = tree.id
  ) select id from tree)`;

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
      // Scopes nest (own within reports within department): a department's manager also reaches
      // the people who report to them from other departments.
      return and(sameOrg, or(reportingLine(principal), principal.departmentId ? departmentTree(principal.departmentId) : undefined))!;
    case 'reports':
      return and(sameOrg, reportingLine(principal))!;
    case 'own':
      return and(sameOrg, eq(users.id, principal.id))!;
    default:
      return sql`false`;
  }
}

/**
 * Which of `wanted` this person holds over `subjectId` (the person a case is about): the grant,
 * and a scope that reaches the subject. What a task's holder must have to decide it.
 */
export async function permissionsOver(db: DbOrTx, principal: Principal, subjectId: string, wanted: readonly string[]): Promise<string[]> {
  const held: string[] = [];
  for (const permission of wanted) {
    if (!principal.grants.has(permission as Permission)) continue;
    const [reached] = await db
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.id, subjectId), usersInScope(principal, permission as Permission)));
    if (reached) held.push(permission);
  }
  return held;
}
