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

/** Errors on parts of a field ("roles.1", "permissions.0.scope") shown at the field itself. */
export function errorsByField(errors: FieldErrors): FieldErrors {
  const byField: FieldErrors = {};
  for (const [path, message] of Object.entries(errors)) {
    const field = path.split('.', 1)[0] ?? path;
    byField[field] ??= message;
  }
  return byField;
}

/**
 * What a refused form says above its fields. The API's message repeats the field errors, which
 * stand beside their fields already: when there are any, it says `instead` (or nothing).
 */
export function formRefusal(
  message: string | null | undefined,
  errors: FieldErrors,
  fields: readonly string[],
  instead: string | null = null,
): string | null {
  return fields.some((field) => errors[field]) ? instead : (message ?? null);
}
