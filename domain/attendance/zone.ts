import { partsIn, zoneOffsetAt as offsetAt, type CalendarDate } from '../calendar.ts';

/**
 * The instant a local date and clock time (`HH:MM`) name in a time zone: a terminal's export
 * writes local times. The offset is looked up twice so a time just after a DST change lands right.
 */
export function instantIn(day: CalendarDate, clockTime: string, timeZone: string): Date {
  const asIfUtc = Date.parse(`${day}T${clockTime}:00Z`);
  const first = asIfUtc - offsetAt(new Date(asIfUtc), timeZone);
  return new Date(asIfUtc - offsetAt(new Date(first), timeZone));
}

/** `HH:MM` of an instant on the organisation's clock. */
export function clockTimeIn(instant: Date, timeZone: string): string {
  const p = partsIn(instant, timeZone);
  return `${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
}
