import { and, asc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { organizationRoles } from '../../db/queries/principal.ts';
import { departments, users } from '../../db/schema/index.ts';
import { effectiveGrants } from '../../domain/access/grants.ts';

/**
 * Whom a work item may be given to: the organisation's active people whose roles let them do work
 * (`work:do`), by name. The planner may not otherwise see people (a team lead sees only their
 * reports), so the list says no more than a name and a department.
 */
export async function assignablePeople(db: DbOrTx, orgId: string) {
  const [custom, people] = await Promise.all([
    organizationRoles(db, orgId),
    db
      .select({ id: users.id, name: users.name, roles: users.roles, departmentName: departments.name })
      .from(users)
      .leftJoin(departments, eq(departments.id, users.departmentId))
      .where(and(eq(users.orgId, orgId), eq(users.active, true)))
      .orderBy(asc(users.name), asc(users.id)),
  ]);
  return people
    .filter((person) => effectiveGrants(person.roles, custom).has('work:do'))
    .map(({ id, name, departmentName }) => ({ id, name, departmentName }));
}
