import { TZDate } from '@date-fns/tz';
import { format, subDays } from 'date-fns';
import type { CalendarDate } from './calendar.ts';

/** The local hour (in each organisation's own time zone) at which the daily digest goes out. */
export const digestHour = 7;

/**
 * How far back a digest reaches at most: a first one after a return from immediate e-mails, or
 * one after the schedule stood still for days, does not dig up old news.
 */
export const longestDigestDays = 7;

/** The organisation's calendar date at `at`: the day a digest belongs to, and the day in its key. */
export const digestDay = (at: Date, timeZone: string): CalendarDate => format(new TZDate(at, timeZone), 'yyyy-MM-dd');

/** One digest per person and local day: the outbox key that makes a re-run send nothing. */
export const digestEmailKey = (userId: string, day: CalendarDate): string => `digest:${userId}:${day}`;

/** The keys a person's digests of the days before `at` would have, as far back as a digest reaches. */
export function earlierDigestKeys(userId: string, at: Date, timeZone: string): string[] {
  const local = new TZDate(at, timeZone);
  return Array.from({ length: longestDigestDays }, (_, i) => digestEmailKey(userId, format(subDays(local, i + 1), 'yyyy-MM-dd')));
}

export interface DigestWindow {
  from: Date;
  /** Excluded: a notice written at this instant belongs to the next digest. */
  to: Date;
}

/**
 * What a digest at `at` covers: from where the person's previous digest ended (or, for a first one,
 * the same local time the day before), never more than `longestDigestDays` local days back, up to `at`.
 * A retried or repeated run at the same `at` finds the same previous digest, so the same window.
 */
export function digestWindow(at: Date, timeZone: string, previousEnd: Date | null): DigestWindow {
  const local = new TZDate(at, timeZone);
  const earliest = subDays(local, longestDigestDays).getTime();
  const from = previousEnd?.getTime() ?? subDays(local, 1).getTime();
  return { from: new Date(Math.min(Math.max(from, earliest), at.getTime())), to: at };
}

/** An instant as the organisation's clock shows it, for the text of an e-mail ("Mon 15 Mar, 07:00"). */
export const localTime = (at: Date, timeZone: string): string => format(new TZDate(at, timeZone), 'EEE d MMM, HH:mm');
