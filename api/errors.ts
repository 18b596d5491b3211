import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldDetail {
  path: string;
  message: string;
}

/** Every refusal's JSON; `details`, where given, says what was wrong (as `FieldDetail[]` for inputs). */
export interface ApiErrorBody {
  error: { code: string; message: string; details?: unknown };
}

/** The one builder of refusals, so that `ApiErrorBody` is what the API writes, not a description of it. */
export const errorBody = (code: string, message: string, details?: unknown): ApiErrorBody => ({
  error: { code, message, ...(details ? { details } : {}) },
});

/** Thrown by handlers; `app.onError` turns it into `{ error: { code, message, details } }`. */
export class HttpError extends Error {
  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }
}

export const unprocessable = (code: string, message: string, details?: FieldDetail[]) => new HttpError(422, code, message, details);

/**
 * What a failure may say in a log: a database error's own message, never the failed query with its
 * parameters (they can hold password hashes, token hashes or personal data), and no request path
 * values (they can hold invitation or reset tokens).
 */
export function describeFailure(err: unknown): string {
  if (!(err instanceof Error)) return 'unknown error';
  const cause = err.cause as { code?: string; message?: string } | undefined;
  if (cause?.code) return `database error ${cause.code}: ${cause.message ?? ''}`;
  return `${err.name}: ${err.message.split('\n')[0]!.slice(0, 200)}`;
}

// postgres.js connection failures, and PostgreSQL's own codes for a server going away or not there yet
// (class 08, connection exceptions; 57P01–57P03, shutdown and cannot connect now).
const unreachableDatabaseCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'CONNECTION_CLOSED',
  'CONNECTION_ENDED',
  'CONNECTION_DESTROYED',
  'CONNECT_TIMEOUT',
  '57P01',
  '57P02',
  '57P03',
]);

/** Whether a failure means PostgreSQL is out of reach for now (a restart, a fail-over), not a bug. */
export function isDatabaseUnreachable(err: unknown): boolean {
  for (let e = err as { code?: string; cause?: unknown } | undefined, depth = 0; e && depth < 4; e = e.cause as typeof e, depth++) {
    if (typeof e.code === 'string' && (unreachableDatabaseCodes.has(e.code) || e.code.startsWith('08'))) return true;
  }
  return false;
}
