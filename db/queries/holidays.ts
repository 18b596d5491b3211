import { publicHolidays } from '../../domain/public-holidays.ts';
import type { DbOrTx } from '../client.ts';
import { holidays } from '../schema/index.ts';

/**
 * Copies a year's public holidays of a country (and region) into the organisation's calendar.
 * A day already in the calendar is kept as it is (an administrator may have renamed it), so filling
 * a year again adds only what is missing. Returns how many days were added.
 */
export async function fillPublicHolidays(
  db: DbOrTx,
  place: { orgId: string; country: string; region: string | null; year: number },
): Promise<number> {
  const days = publicHolidays(place.country, place.region, place.year);
  if (days.length === 0) return 0;
  const added = await db
    .insert(holidays)
    .values(days.map(({ day, name }) => ({ orgId: place.orgId, day, name })))
    .onConflictDoNothing({ target: [holidays.orgId, holidays.day] })
    .returning({ id: holidays.id });
  return added.length;
}
