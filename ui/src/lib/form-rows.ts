import type { FieldErrors } from '$lib/field-errors';

// A form with repeated rows (a quote's lines, a plan's items, a salary structure's components) names
// its inputs `<part>.<row>.<field>`. Blank rows are not sent, so the API's item 0 may be the form's
// row 2: errors are moved back.

/** The form's rows in order, each field's text trimmed (several values of one field joined by commas). */
export function formRows<Field extends string>(formData: FormData, part: string, fields: readonly Field[], maxRows: number) {
  const rowPattern = new RegExp(`^${part}\\.(\\d+)\\.`);
  let count = 0;
  for (const name of formData.keys()) {
    const row = rowPattern.exec(name);
    if (row) count = Math.max(count, Number(row[1]) + 1);
  }
  return Array.from({ length: Math.min(count, maxRows) }, (_, row) => {
    const text = (field: Field) =>
      formData
        .getAll(`${part}.${row}.${field}`)
        .map((value) => (typeof value === 'string' ? value.trim() : ''))
        .filter(Boolean)
        .join(',');
    return Object.fromEntries(fields.map((field) => [field, text(field)])) as Record<Field, string>;
  });
}

export const isBlankRow = (row: Record<string, string>, ignored: readonly string[] = []) =>
  Object.entries(row).every(([field, text]) => text === '' || ignored.includes(field));

/**
 * What an editor starts with, and blank rows to fill: five in all at least (the form without
 * JavaScript has no button to add one), blank rows a refused form sent back not counted twice.
 */
export function withBlankRows<Text extends Record<string, string>>(
  rows: Text[],
  blank: () => Text,
  ignoredInBlank: readonly string[] = [],
) {
  const kept = [...rows];
  while (kept.length > 0 && isBlankRow(kept.at(-1)!, ignoredInBlank)) kept.pop();
  return [...kept, ...Array.from({ length: Math.max(5 - kept.length, 2) }, blank)];
}

/**
 * What the rows that are filled in read as (`read` gives a row's value, or its problems by field);
 * `rowOf` says which row each value came from, `problems` are named `<part>.<row>.<field>`.
 */
export function readRows<Text extends Record<string, string>, Value>(
  entered: Text[],
  part: string,
  read: (text: Text) => { value: Value | null; problems: Partial<Text> },
  { ignoredInBlank = [], noneGiven }: { ignoredInBlank?: readonly string[]; noneGiven: string },
) {
  const values: Value[] = [];
  const rowOf: number[] = [];
  const problems: FieldErrors = {};
  entered.forEach((text, row) => {
    if (isBlankRow(text, ignoredInBlank)) return;
    const { value, problems: wrong } = read(text);
    for (const [field, message] of Object.entries(wrong)) if (message) problems[`${part}.${row}.${field}`] = message;
    if (value !== null) {
      values.push(value);
      rowOf.push(row);
    }
  });
  if (values.length === 0 && Object.keys(problems).length === 0) problems[part] = noneGiven;
  return { values, rowOf, problems };
}

/**
 * The API's errors on what it was sent (`items.0.estimateMinutes`, `items.design`) at the form's
 * rows and inputs (`items.2.estimateHours`, `items.2.key`); others (`items`) stay as they are.
 */
export function errorsAtRows(
  errors: FieldErrors,
  part: string,
  rowOfSent: readonly number[],
  inputOf: Readonly<Record<string, string>> = {},
  rowOfKey: (key: string) => number | undefined = () => undefined,
): FieldErrors {
  const moved: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const [head, index, field, ...rest] = path.split('.');
    let at = path;
    if (head === part && index !== undefined && field !== undefined && rest.length === 0 && rowOfSent[Number(index)] !== undefined) {
      at = `${part}.${rowOfSent[Number(index)]}.${inputOf[field] ?? field}`;
    } else if (head === part && index !== undefined && field === undefined && rowOfKey(index) !== undefined) {
      // A path with a key, not an index: the item of that key (used twice, already planned).
      at = `${part}.${rowOfKey(index)}.key`;
    }
    moved[at] ??= message;
  }
  return moved;
}
