// Formatting by hand rather than with locale strings, so server and browser render the same text.

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** "2026-11-03" → "Tue 3 Nov 2026" */
export function formatDate(calendarDate: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(calendarDate);
  if (!match) return calendarDate;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const weekday = new Date(Date.UTC(year, month - 1, day)).getUTCDay();
  return `${WEEKDAYS[weekday]} ${day} ${MONTHS[month - 1]} ${year}`;
}

function partsIn(instant: Date, timeZone: string) {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(instant);
  const part = (type: Intl.DateTimeFormatPartTypes) => parts.find((candidate) => candidate.type === type)?.value ?? '';
  return {
    date: `${part('year')}-${part('month')}-${part('day')}`,
    time: `${part('hour')}:${part('minute')}`,
  };
}

/** The calendar date ("YYYY-MM-DD") of an instant in a time zone. */
export function calendarDateIn(instant: Date, timeZone: string): string {
  return partsIn(instant, timeZone).date;
}

/** "2026-11-03T13:05:00Z" → "Tue 3 Nov 2026, 14:05" in the given time zone */
export function formatDateTime(isoInstant: string, timeZone: string): string {
  const instant = new Date(isoInstant);
  if (Number.isNaN(instant.getTime())) return isoInstant;
  const { date, time } = partsIn(instant, timeZone);
  return `${formatDate(date)}, ${time}`;
}

export function formatDays(days: number): string {
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}

type Period = { startDate: string; endDate: string; startHalfDay?: boolean; endHalfDay?: boolean };

/** "Mon 2 Nov 2026 (from midday) – Wed 4 Nov 2026 (until midday)" */
export function formatPeriod({ startDate, endDate, startHalfDay, endHalfDay }: Period): string {
  const start = `${formatDate(startDate)}${startHalfDay ? ' (from midday)' : ''}`;
  if (startDate === endDate) return `${start}${endHalfDay ? ' (until midday)' : ''}`;
  return `${start} – ${formatDate(endDate)}${endHalfDay ? ' (until midday)' : ''}`;
}

/** How long ago an instant was, roughly: "under an hour", "5 hours", "1 day", "12 days". */
export function formatAge(isoInstant: string, now: Date): string {
  const hours = Math.floor((now.getTime() - new Date(isoInstant).getTime()) / 3_600_000);
  if (!(hours >= 1)) return 'under an hour';
  if (hours < 24) return `${hours} ${hours === 1 ? 'hour' : 'hours'}`;
  const days = Math.floor(hours / 24);
  return `${days} ${days === 1 ? 'day' : 'days'}`;
}
