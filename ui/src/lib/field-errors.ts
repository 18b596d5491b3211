/** Field path → message, from the API's validation `details` (`[{ path, message }]`). */
export type FieldErrors = Record<string, string>;

export function fieldErrorsFrom(details: unknown): FieldErrors {
  if (!Array.isArray(details)) return {};
  const errors: FieldErrors = {};
  for (const detail of details) {
    if (typeof detail !== 'object' || detail === null) continue;
    const { path, message } = detail as { path?: unknown; message?: unknown };
    const field = Array.isArray(path) ? path.join('.') : typeof path === 'string' ? path : '';
    if (typeof message === 'string' && !(field in errors)) errors[field] = message;
  }
  return errors;
}

/** The messages for paths the page has no input for, to show above the form. */
export function otherErrors(errors: FieldErrors | undefined, fields: readonly string[]): string[] {
  return Object.entries(errors ?? {})
    .filter(([field]) => !fields.includes(field))
    .map(([, message]) => message);
}
