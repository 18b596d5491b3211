import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { and, asc, eq, gte, ne } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { awayToday } from '../../db/queries/away.ts';
import { absences, organizations, tasks, userPreferences, users } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { holderReturnedSignal } from '../../workflows/human-task/messages.ts';

/** What the out-of-office page shows: today's absence, those to come, and the chosen delegate. */
export async function awayOverview(db: DbOrTx, orgId: string, userId: string) {
  const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, orgId));
  const today = todayIn(org!.timeZone);
  const [upcoming, [preference], away, colleagues] = await Promise.all([
    db
      .select({
        id: absences.id,
        startsOn: absences.startsOn,
        endsOn: absences.endsOn,
        note: absences.note,
        fromProcess: absences.sourceKey,
      })
      .from(absences)
      .where(and(eq(absences.userId, userId), eq(absences.cancelled, false), gte(absences.endsOn, today)))
      .orderBy(asc(absences.startsOn)),
    db
      .select({ id: users.id, name: users.name })
      .from(userPreferences)
      .innerJoin(users, eq(users.id, userPreferences.awayDelegateId))
      .where(eq(userPreferences.userId, userId)),
    awayToday(db, orgId, [userId]),
    // Whom a delegate may be: the organisation's active people, by name only.
    db
      .select({ id: users.id, name: users.name, designation: users.designation })
      .from(users)
      .where(and(eq(users.orgId, orgId), eq(users.active, true), ne(users.id, userId)))
      .orderBy(asc(users.name))
      .limit(1000),
  ]);
  return {
    today,
    awayUntil: away.get(userId)?.lastDay ?? null,
    absences: upcoming.map(({ fromProcess, ...a }) => ({ ...a, fromProcess: fromProcess !== null })),
    delegate: preference ?? null,
    colleagues,
  };
}

/**
 * Ends an absence of one's own (back early, or plans changed). Tasks stood in for go back at once:
 * every process holding one is told, and gives it back unless the person is still away otherwise.
 * Answers how many processes were told; false when there is no such absence.
 */
export async function endAbsence(db: DbOrTx, temporal: Client, orgId: string, userId: string, absenceId: string): Promise<number | false> {
  const [ended] = await db
    .update(absences)
    .set({ cancelled: true })
    .where(and(eq(absences.id, absenceId), eq(absences.userId, userId), eq(absences.orgId, orgId), eq(absences.cancelled, false)))
    .returning({ id: absences.id });
  if (!ended) return false;
  if ((await awayToday(db, orgId, [userId])).has(userId)) return 0;
  const held = await db
    .selectDistinct({ workflowId: tasks.workflowId })
    .from(tasks)
    .where(and(eq(tasks.orgId, orgId), eq(tasks.status, 'open'), eq(tasks.standingInForId, userId)));
  for (const { workflowId } of held) {
    try {
      await temporal.workflow.getHandle(workflowId).signal(holderReturnedSignal, { userId });
    } catch (err) {
      // A process that finished meanwhile has nothing to give back.
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
  }
  return held.length;
}
