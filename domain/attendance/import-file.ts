import { isCalendarDate, type CalendarDate } from '../calendar.ts';
import { checkOutProblem, isClockTime } from './day.ts';
import { instantIn } from './zone.ts';

export const importColumns = ['employee', 'date', 'check_in', 'check_out'] as const;

export type ImportLineProblem =
  | 'wrong_column_count'
  | 'unknown_employee'
  | 'bad_date'
  | 'bad_time'
  | 'check_out_before_check_in'
  | 'shift_too_long'
  | 'duplicate_in_file'
  | 'already_recorded';

export const importProblemText: Record<ImportLineProblem, string> = {
  wrong_column_count: `The line does not have the ${importColumns.length} columns ${importColumns.join(', ')}.`,
  unknown_employee: 'No active employee of the organisation has this e-mail address.',
  bad_date: 'The date is not a calendar date (yyyy-mm-dd).',
  bad_time: 'A time is not a 24-hour clock time (HH:MM).',
  check_out_before_check_in: 'The check-out is not after the check-in.',
  shift_too_long: 'The check-out is more than 24 hours after the check-in.',
  duplicate_in_file: 'An earlier line of the file has the same employee and date.',
  already_recorded: 'The employee already has a record for this day (checked in on the web or imported before): it is kept.',
};

export interface ImportLine {
  /** 1-based, the header being line 1. */
  line: number;
  employee: string;
  date: string;
  checkIn: string;
  checkOut: string;
  problem: ImportLineProblem | null;
  employeeId: string | null;
  checkInAt: Date | null;
  checkOutAt: Date | null;
}

export type ImportFileProblem = { code: 'empty_file' | 'bad_header' | 'too_many_lines'; message: string; line: number };

export const maxImportLines = 5000;

/** A field list of one CSV line (RFC 4180 quotes; a field never spans lines in a terminal's export). */
export function csvFields(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quoted && ch === '"' && line[i + 1] === '"') {
      field += '"';
      i++;
    } else if (ch === '"') {
      quoted = !quoted;
    } else if (ch === ',' && !quoted) {
      fields.push(field.trim());
      field = '';
    } else {
      field += ch;
    }
  }
  fields.push(field.trim());
  return fields;
}

/**
 * Every line of a terminal's export with its problem, if any. Times are local times in the
 * organisation's zone; a check-out earlier than the check-in is refused, not read as the next day,
 * because the terminal writes a night shift's two days as two lines.
 */
export function assessImportFile(
  content: string,
  context: {
    timeZone: string;
    employeeIdOf: (employee: string) => string | null;
    isRecorded: (employeeId: string, day: CalendarDate) => boolean;
  },
): { lines: ImportLine[] } | { fileProblem: ImportFileProblem } {
  const rawLines = content.replace(/^\uFEFF/, '').split(/\r?\n/);
  while (rawLines.length > 0 && rawLines.at(-1)!.trim() === '') rawLines.pop();
  if (rawLines.length === 0) return { fileProblem: { code: 'empty_file', message: 'The file has no lines.', line: 1 } };
  const header = csvFields(rawLines[0]!).map((h) => h.toLowerCase());
  if (header.join(',') !== importColumns.join(',')) {
    return { fileProblem: { code: 'bad_header', message: `Line 1 must be the header ${importColumns.join(',')}.`, line: 1 } };
  }
  if (rawLines.length - 1 > maxImportLines) {
    return { fileProblem: { code: 'too_many_lines', message: `A file holds at most ${maxImportLines} lines.`, line: maxImportLines + 2 } };
  }
  const seen = new Set<string>();
  const lines: ImportLine[] = [];
  rawLines.slice(1).forEach((raw, index) => {
    if (raw.trim() === '') return;
    const fields = csvFields(raw);
    const [employee = '', date = '', checkIn = '', checkOut = ''] = fields;
    const base = { line: index + 2, employee, date, checkIn, checkOut, employeeId: null, checkInAt: null, checkOutAt: null };
    const refuse = (problem: ImportLineProblem, more: Partial<ImportLine> = {}) => lines.push({ ...base, ...more, problem });
    if (fields.length !== importColumns.length) return refuse('wrong_column_count');
    const employeeId = context.employeeIdOf(employee);
    if (!employeeId) return refuse('unknown_employee');
    if (!isCalendarDate(date)) return refuse('bad_date', { employeeId });
    if (!isClockTime(checkIn) || !isClockTime(checkOut)) return refuse('bad_time', { employeeId });
    const checkInAt = instantIn(date, checkIn, context.timeZone);
    const checkOutAt = instantIn(date, checkOut, context.timeZone);
    const times = { employeeId, checkInAt, checkOutAt };
    const timeProblem = checkOutProblem(checkInAt, checkOutAt);
    if (timeProblem) return refuse(timeProblem, times);
    const key = `${employeeId}|${date}`;
    if (seen.has(key)) return refuse('duplicate_in_file', times);
    seen.add(key);
    if (context.isRecorded(employeeId, date)) return refuse('already_recorded', times);
    lines.push({ ...base, ...times, problem: null });
  });
  return { lines };
}
