import { and, asc, eq, sql } from 'drizzle-orm';
import { everyStatementPrepared, type DbOrTx } from '../db/client.ts';
import { organizationRoles, principalOf } from '../db/queries/principal.ts';
import type { RoleDefinition } from '../domain/access/roles.ts';
import { queueMembers } from '../db/queries/queue-members.ts';
import { permissionsOver } from '../db/queries/scope.ts';
import { awayToday, type AwayPeriod } from '../db/queries/away.ts';
import { userPreferences, users, type User } from '../db/schema/index.ts';
import type { EscalationTarget, TaskQueue } from '../workflows/human-task/state.ts';
import type { EscalationFound } from './tasks.ts';

export interface DeciderSearch {
  orgId: string;
  /** Whom the case is about: a decider's permission must reach them. */
  subjectId: string;
  permission: string;
  /** Never these (the case's initiator, people who left). */
  excludedIds: string[];
}

/**
 * A search under way: the organisation's custom roles are read once, however many people it weighs,
 * and whether someone is away today once per person.
 */
interface Search extends DeciderSearch {
  roles: () => Promise<RoleDefinition[]>;
  away: (userId: string) => Promise<AwayPeriod | undefined>;
}

const maxLineLength = 20;

async function mayDecide(db: DbOrTx, user: User | undefined, search: Search): Promise<boolean> {
  if (!user || !user.active || user.orgId !== search.orgId || search.excludedIds.includes(user.id)) return false;
  const principal = principalOf(user, await search.roles());
  return (await permissionsOver(db, principal, search.subjectId, [search.permission])).length > 0;
}

const assignee = (user: User, permission: string) => ({ id: user.id, name: user.name, email: user.email, permissions: [permission] });

/**
 * The person found, or while they are away today, who stands in: the delegate they chose, else the
 * first up their line who may decide and is here. With nobody to stand in, the person keeps it.
 */
async function presentOrStandIn(db: DbOrTx, user: User, search: Search): Promise<EscalationFound> {
  const present: EscalationFound = { kind: 'person', person: assignee(user, search.permission) };
  const away = await search.away(user.id);
  if (!away) return present;
  const [chosen] = await db
    .select({ user: users })
    .from(userPreferences)
    .innerJoin(users, eq(users.id, userPreferences.awayDelegateId))
    .where(eq(userPreferences.userId, user.id));
  const delegate = chosen && !(await search.away(chosen.user.id)) && (await mayDecide(db, chosen.user, search)) ? chosen.user : undefined;
  const standIn = delegate ?? (await upTheLine(db, user.id, { ...search, excludedIds: [...search.excludedIds, user.id] }, true));
  if (!standIn) return present;
  return { kind: 'person', person: assignee(standIn, search.permission), standingInFor: { person: present.person, backAt: away.backAt } };
}

/** Up the reporting line from `fromUserId`, then the organisation's HR, to the first who may decide. */
async function upTheLine(db: DbOrTx, fromUserId: string | null, search: Search, hereOnly = false): Promise<User | undefined> {
  // Whether they are away is asked beside whether they may decide: the one found is asked next anyway.
  const fits = async (user: User) => {
    const [may, away] = await Promise.all([mayDecide(db, user, search), search.away(user.id)]);
    return may && !(hereOnly && away);
  };
  for (const manager of fromUserId ? await reportingLine(db, fromUserId, search.orgId) : []) {
    if (manager.id !== fromUserId && (await fits(manager))) return manager;
  }
  const hr = await db
    .select()
    .from(users)
    .where(and(eq(users.orgId, search.orgId), eq(users.active, true), sql`'hr' = any(${users.roles})`))
    .orderBy(asc(users.createdAt), asc(users.email));
  for (const candidate of hr) {
    if (candidate.id !== fromUserId && (await fits(candidate))) return candidate;
  }
  return undefined;
}

/**
 * The person's manager, theirs, and so on up, nearest first: one statement, not one per rung. The
 * line stops at a manager outside the organisation, at a loop, or after `maxLineLength` rungs.
 */
async function reportingLine(db: DbOrTx, fromUserId: string, orgId: string): Promise<User[]> {
  const line = sql`(with recursive line(id, depth, path) as (
      select manager_id, 1, array[manager_id] from ${users} where id = ${fromUserId} and manager_id is not null
      union all
      select u.manager_id, line.depth + 1, line.path || u.manager_id
        from line join ${users} u on u.id = line.id and u.org_id = ${orgId}
       where u.manager_id is not null and not u.manager_id = any(line.path) and line.depth < ${maxLineLength}
    ) select id, depth from line) line`;
  const rows = await db
    .select({ user: users })
    .from(users)
    .innerJoin(line, sql`line.id = ${users.id}`)
    .where(eq(users.orgId, orgId))
    .orderBy(sql`line.depth`);
  return rows.map((row) => row.user);
}

async function queueHasDecider(db: DbOrTx, queue: TaskQueue, search: Search): Promise<boolean> {
  for (const member of await queueMembers(db, search.orgId, queue, 200)) if (await mayDecide(db, member, search)) return true;
  return false;
}

/** Where an escalation (or a departed holder's task) goes; null means nobody can take it. */
export async function findDecider(
  anyDb: DbOrTx,
  request: DeciderSearch & { fromUserId: string | null; target: EscalationTarget },
): Promise<EscalationFound> {
  // Every submit asks: its few statements kept prepared (one round trip each, not two).
  const db = everyStatementPrepared(anyDb);
  // Read beside the first look-up rather than after it: nearly every search weighs someone.
  const roles = organizationRoles(db, request.orgId);
  roles.catch(() => {}); // a failure is thrown where it is awaited
  const awayOf = new Map<string, Promise<AwayPeriod | undefined>>();
  const away = (userId: string) => {
    let found = awayOf.get(userId);
    if (!found) {
      found = awayToday(db, request.orgId, [userId]).then((people) => people.get(userId));
      awayOf.set(userId, found);
    }
    return found;
  };
  const search = { ...request, roles: () => roles, away };
  const { target } = search;
  if (target.type === 'person') {
    const [user] = await db.select().from(users).where(eq(users.id, target.person.id));
    if (user) void search.away(user.id).catch(() => {}); // asked beside mayDecide; a failure is thrown where it is awaited
    return user && (await mayDecide(db, user, search)) ? presentOrStandIn(db, user, search) : null;
  }
  if (target.type === 'queue') return (await queueHasDecider(db, target.queue, search)) ? { kind: 'queue', queue: target.queue } : null;
  const next = await upTheLine(db, search.fromUserId, search);
  return next ? presentOrStandIn(db, next, search) : null;
}
