import Holidays from 'date-holidays';
import type { CalendarDate } from './calendar.ts';

export interface PublicHoliday {
  day: CalendarDate;
  name: string;
}

export interface HolidayPlace {
  code: string;
  name: string;
}

// English names where the library has them, else the country's own.
const language = 'en';

/** The countries the public holiday library knows, by ISO 3166-1 code, sorted by name. */
export function holidayCountries(): HolidayPlace[] {
  return byName(new Holidays().getCountries(language));
}

/** The regions (states, provinces) of a country that have holidays of their own; empty when it has none. */
export function holidayRegions(country: string): HolidayPlace[] {
  return byName(new Holidays().getStates(country, language) ?? {});
}

export const isHolidayCountry = (country: string): boolean => country in new Holidays().getCountries(language);
export const isHolidayRegion = (country: string, region: string): boolean => region in (new Holidays().getStates(country, language) ?? {});

/**
 * A year's public holidays (type `public` only: no bank, school or observance days) of a country
 * and optionally one of its regions, one a day: where two fall on one date, their names are joined.
 */
export function publicHolidays(country: string, region: string | null, year: number): PublicHoliday[] {
  const library = region ? new Holidays(country, region, { languages: [language] }) : new Holidays(country, { languages: [language] });
  const byDay = new Map<CalendarDate, string[]>();
  for (const holiday of library.getHolidays(year, language)) {
    if (holiday.type !== 'public') continue;
    // `date` is the holiday's local calendar date, `YYYY-MM-DD hh:mm:ss` (with an offset for some countries).
    const day = holiday.date.slice(0, 10);
    byDay.set(day, [...(byDay.get(day) ?? []), holiday.name]);
  }
  return [...byDay].sort(([a], [b]) => a.localeCompare(b)).map(([day, names]) => ({ day, name: names.join(' / ').slice(0, 120) }));
}

const byName = (places: Record<string, string>): HolidayPlace[] =>
  Object.entries(places)
    .map(([code, name]) => ({ code, name }))
    .sort((a, b) => a.name.localeCompare(b.name));
