import { createHash } from 'node:crypto';
import { and, eq, inArray } from 'drizzle-orm';
import type { Context } from 'hono';
import type { Db } from '../../db/client.ts';
import { attendanceDays, attendanceImports } from '../../db/schema/index.ts';
import { assessImportFile, importProblemText, type ImportLine } from '../../domain/attendance/import-file.ts';
import { isCalendarDate } from '../../domain/calendar.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { activeEmployees, organizationZone } from './read-model.ts';

/** A terminal's month for a few hundred people is tens of kilobytes; this leaves room and stops a wrong file early. */
export const maxImportBytes = 512 * 1024;

/** The file's text: CSV in UTF-8, within the size limit, or a 4xx naming what is wrong. */
export async function importFileText(c: Context<AppEnv>): Promise<{ content: string; fileHash: string }> {
  const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
  // The UI's server sends every file as octet-stream; text/plain would be refused as form-like (access/same-origin.ts).
  if (type !== 'text/csv' && type !== 'application/octet-stream') {
    throw new HttpError(415, 'unsupported_media_type', 'Send the file as text/csv or application/octet-stream.');
  }
  const bytes = Buffer.from(await c.req.arrayBuffer());
  if (bytes.length > maxImportBytes) throw new HttpError(413, 'payload_too_large', `The file is larger than ${maxImportBytes} bytes.`);
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new HttpError(400, 'invalid_file', 'The file is not UTF-8 text.');
  }
  // Tab, line feed and carriage return are text; any other control character means a binary file.
  const binaryAt = [...content].findIndex((ch) => ch.charCodeAt(0) < 0x20 && !'\t\n\r'.includes(ch));
  if (binaryAt >= 0) {
    const line = content.slice(0, binaryAt).split('\n').length;
    throw new HttpError(400, 'invalid_file', `Line ${line} holds a control character: this is not a terminal's CSV export.`, [
      { path: `line ${line}`, message: 'control character' },
    ]);
  }
  return { content, fileHash: createHash('sha256').update(bytes).digest('hex') };
}

export interface PreviewLine {
  line: number;
  employee: string;
  date: string;
  checkIn: string;
  checkOut: string;
  status: 'ok' | 'bad' | 'skipped';
  problem: string | null;
  reason: string | null;
}

export interface ImportPreview {
  fileHash: string;
  alreadyImported: boolean;
  lines: PreviewLine[];
  counts: { ok: number; bad: number; skipped: number };
}

// A day that already has a record (the employee's own web check-in, or an earlier file) keeps it:
// the line is skipped, not an error that blocks the rest of the file.
const statusOf = (line: ImportLine): PreviewLine['status'] =>
  line.problem === null ? 'ok' : line.problem === 'already_recorded' ? 'skipped' : 'bad';

/** Every line of the file with its status and reason, read against the organisation's people and records; nothing is written. */
export async function previewImport(db: Db, orgId: string, content: string, fileHash: string) {
  const [timeZone, employees, [earlier]] = await Promise.all([
    organizationZone(db, orgId),
    activeEmployees(db, orgId),
    db
      .select({ id: attendanceImports.id })
      .from(attendanceImports)
      .where(and(eq(attendanceImports.orgId, orgId), eq(attendanceImports.fileHash, fileHash))),
  ]);
  const byEmail = new Map(employees.map((e) => [e.email.toLowerCase(), e.id]));
  // Only real dates reach the query: 2027-02-30 would make PostgreSQL refuse the whole look-up.
  const dates = [...new Set([...content.matchAll(/\d{4}-\d{2}-\d{2}/g)].map((m) => m[0]))];
  const recorded =
    dates.length === 0
      ? []
      : await db
          .select({ employeeId: attendanceDays.employeeId, day: attendanceDays.day })
          .from(attendanceDays)
          .where(and(eq(attendanceDays.orgId, orgId), inArray(attendanceDays.day, dates.filter(isCalendarDate))));
  const recordedKeys = new Set(recorded.map((r) => `${r.employeeId}|${r.day}`));
  const assessed = assessImportFile(content, {
    timeZone,
    employeeIdOf: (employee) => byEmail.get(employee.toLowerCase()) ?? null,
    isRecorded: (employeeId, day) => recordedKeys.has(`${employeeId}|${day}`),
  });
  if ('fileProblem' in assessed) {
    const { code, message, line } = assessed.fileProblem;
    throw new HttpError(422, code, message, [{ path: `line ${line}`, message }]);
  }
  const lines = assessed.lines.map((l) => ({ ...l, status: statusOf(l) }));
  const preview: ImportPreview = {
    fileHash,
    alreadyImported: earlier !== undefined,
    lines: lines.map(({ line, employee, date, checkIn, checkOut, status, problem }) => ({
      line,
      employee,
      date,
      checkIn,
      checkOut,
      status,
      problem,
      reason: problem ? importProblemText[problem] : null,
    })),
    counts: {
      ok: lines.filter((l) => l.status === 'ok').length,
      bad: lines.filter((l) => l.status === 'bad').length,
      skipped: lines.filter((l) => l.status === 'skipped').length,
    },
  };
  return { preview, saveable: lines.filter((l) => l.status === 'ok') };
}

/**
 * Saves the file's good lines and the import in one transaction. The file's hash is unique per
 * organisation: a second confirm of the same file (a double click, a re-import next week) finds it
 * and writes nothing.
 */
export async function confirmImport(
  db: Db,
  importer: { orgId: string; id: string },
  content: string,
  fileHash: string,
  fileName: string | null,
) {
  const { preview, saveable } = await previewImport(db, importer.orgId, content, fileHash);
  return db.transaction(async (tx) => {
    const [created] = await tx
      .insert(attendanceImports)
      .values({
        orgId: importer.orgId,
        fileHash,
        fileName,
        savedLines: 0,
        skippedLines: preview.counts.bad + preview.counts.skipped,
        importedBy: importer.id,
      })
      .onConflictDoNothing({ target: [attendanceImports.orgId, attendanceImports.fileHash] })
      .returning();
    if (!created) {
      const [earlier] = await tx
        .select()
        .from(attendanceImports)
        .where(and(eq(attendanceImports.orgId, importer.orgId), eq(attendanceImports.fileHash, fileHash)));
      return { alreadyImported: true, importId: earlier!.id, savedLines: 0, preview };
    }
    // A web check-in that landed since the preview keeps its day: the line is skipped.
    const saved =
      saveable.length === 0
        ? []
        : await tx
            .insert(attendanceDays)
            .values(
              saveable.map((l) => ({
                orgId: importer.orgId,
                employeeId: l.employeeId!,
                day: l.date,
                checkInAt: l.checkInAt!,
                checkOutAt: l.checkOutAt,
                source: 'import' as const,
                importId: created.id,
              })),
            )
            .onConflictDoNothing({ target: [attendanceDays.orgId, attendanceDays.employeeId, attendanceDays.day] })
            .returning({ id: attendanceDays.id });
    await tx
      .update(attendanceImports)
      .set({ savedLines: saved.length, skippedLines: preview.lines.length - saved.length })
      .where(eq(attendanceImports.id, created.id));
    return { alreadyImported: false, importId: created.id, savedLines: saved.length, preview };
  });
}
