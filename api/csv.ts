// CSV answers (the audit trail, reports): opened in spreadsheets, so no cell may run as a formula.

/** One cell, quoted; a leading =, +, -, @, tab or carriage return is neutralised with a quote mark. */
export const csvField = (value: unknown): string => {
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
};

/** A whole document: the header (the columns' plain names) and a line per row, CRLF as RFC 4180 has it. */
export const csvDocument = (header: readonly string[], rows: readonly (readonly unknown[])[]): string =>
  `${[header.join(','), ...rows.map((row) => row.map(csvField).join(','))].join('\r\n')}\r\n`;
