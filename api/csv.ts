// CSV for spreadsheets (RFC 4180): every field quoted, rows ended by CRLF.

/** One cell: quoted, with a leading =, +, - or @ (or tab, carriage return) neutralised so a spreadsheet never runs it as a formula. */
export function csvField(value: unknown): string {
  const text =
    value === null || value === undefined
      ? ''
      : typeof value === 'string'
        ? value
        : value instanceof Date
          ? value.toISOString()
          : JSON.stringify(value);
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return `"${safe.replaceAll('"', '""')}"`;
}

/** A header line of the columns' names and one line per row, each cell the row's value for that column. */
export function csvDocument<Column extends string>(columns: readonly Column[], rows: readonly Record<Column, unknown>[]): string {
  const lines = [columns.join(','), ...rows.map((row) => columns.map((column) => csvField(row[column])).join(','))];
  return `${lines.join('\r\n')}\r\n`;
}

/** A whole document from rows already in column order: the header (the columns' plain names) and a line per row. */
export const csvTable = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  `${[header.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n')}\r\n`;
