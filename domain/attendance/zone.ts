import type { CalendarDate } from '../calendar.ts';

const partsIn = (instant: Date, timeZone: string) => {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(instant);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value);
  return { year: get('year'), month: get('month'), day: get('day'), hour: get('hour'), minute: get('minute'), second: get('second') };
};

const offsetAt = (instant: Date, timeZone: string) => {
  const p = partsIn(instant, timeZone);
  return Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second) - instant.getTime();
};

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
