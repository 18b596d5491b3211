import { and, eq, gte, inArray } from 'drizzle-orm';
import { addCalendarDays, startOfDayIn, todayIn, type CalendarDate } from '../../domain/calendar.ts';
import type { DbOrTx } from '../client.ts';
import { absences, organizations } from '../schema/index.ts';

/** Someone away today: the last day of the absence, and the instant they are back (the next day's start, in the organisation's zone). */
export interface AwayPeriod {
  lastDay: CalendarDate;
  backAt: string;
}

/**
 * Who of these people is away today in the organisation's zone: an absence they set, or one a
 * process recorded (an approved request for time off). Absences that meet or overlap run together.
 */
export async function awayToday(db: DbOrTx, orgId: string, userIds: string[], now = new Date()): Promise<Map<string, AwayPeriod>> {
  if (userIds.length === 0) return new Map();
  // One statement, the zone beside the rows: every zone's today lies within a day of UTC's, so the
  // absences ending from UTC's yesterday on hold all that can matter; today in the zone sorts them.
  const found = await db
    .select({ userId: absences.userId, startsOn: absences.startsOn, endsOn: absences.endsOn, timeZone: organizations.timeZone })
    .from(absences)
    .innerJoin(organizations, eq(organizations.id, absences.orgId))
    .where(
      and(
        eq(absences.orgId, orgId),
        inArray(absences.userId, userIds),
        eq(absences.cancelled, false),
        gte(absences.endsOn, addCalendarDays(todayIn('UTC', now), -1)),
      ),
    );
  if (found.length === 0) return new Map();
  const { timeZone } = found[0]!;
  const today = todayIn(timeZone, now);
  const rows = found.filter((r) => r.endsOn >= today);
  const away = new Map<string, AwayPeriod>();
  for (const userId of new Set(rows.map((r) => r.userId))) {
    const own = rows.filter((r) => r.userId === userId).sort((a, b) => a.startsOn.localeCompare(b.startsOn));
    let lastDay: CalendarDate | null = null;
    for (const absence of own) {
      if (lastDay === null ? absence.startsOn <= today : absence.startsOn <= addCalendarDays(lastDay, 1)) {
        if (lastDay === null || absence.endsOn > lastDay) lastDay = absence.endsOn as CalendarDate;
      }
    }
    if (lastDay) away.set(userId, { lastDay, backAt: startOfDayIn(addCalendarDays(lastDay, 1), timeZone).toISOString() });
  }
  return away;
}

/** Records an absence a process knows of, once per source (a retried activity adds none). */
export async function recordAbsence(
  db: DbOrTx,
  absence: { orgId: string; userId: string; startsOn: string; endsOn: string; note: string; sourceKey: string },
): Promise<void> {
  await db.insert(absences).values(absence).onConflictDoNothing({ target: absences.sourceKey });
}

export async function cancelAbsence(db: DbOrTx, sourceKey: string): Promise<void> {
  await db.update(absences).set({ cancelled: true }).where(eq(absences.sourceKey, sourceKey));
}
