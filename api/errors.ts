import type { ContentfulStatusCode } from 'hono/utils/http-status';

export interface FieldDetail {
  path: string;
  message: string;
}

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
