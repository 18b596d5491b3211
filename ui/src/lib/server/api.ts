import { error, redirect, type NumericRange, type RequestEvent } from '@sveltejs/kit';
import { env } from '$env/dynamic/private';
import type { ApiErrorBody } from '$lib/api-types';
import { SESSION_COOKIE } from './session-cookie';

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly details: unknown;

  constructor(status: number, code: string, message: string, details?: unknown) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** Whatever can tell who is calling: a request event or a load event. */
export type ApiCaller = Pick<RequestEvent, 'locals' | 'getClientAddress' | 'request'>;

type Method = 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE';

/** `bytes`: a file sent as it is (an attachment), instead of a JSON body. */
type SendOptions = { body?: unknown; bytes?: Uint8Array<ArrayBuffer>; headers?: Record<string, string>; signal?: AbortSignal };

export function apiClient(caller: ApiCaller) {
  /** The raw call, for callers that need the response's headers or its stream. */
  async function send(method: Method, path: string, options: SendOptions = {}): Promise<Response> {
    // The API records sessions and audit entries with the browser's address and user agent.
    const headers = new Headers({
      accept: 'application/json',
      'x-forwarded-for': caller.getClientAddress(),
      ...options.headers,
    });
    const userAgent = caller.request.headers.get('user-agent');
    if (userAgent) headers.set('user-agent', userAgent);
    const { sessionToken } = caller.locals;
    if (sessionToken) headers.set('cookie', `${SESSION_COOKIE}=${sessionToken}`);
    // Every call but a GET carries JSON, even an empty one, or a file's bytes: the API refuses
    // anything form-like as a possible cross-site post.
    const body = method === 'GET' ? undefined : (options.bytes ?? JSON.stringify(options.body ?? {}));
    if (body !== undefined) headers.set('content-type', options.bytes ? 'application/octet-stream' : 'application/json');

    try {
      return await fetch(new URL(path, env.API_URL ?? 'http://127.0.0.1:3001'), {
        method,
        headers,
        body,
        signal: options.signal,
      });
    } catch (cause) {
      if (options.signal?.aborted) throw cause;
      console.error(`API ${method} ${path} failed`, cause);
      throw new ApiError(502, 'api_unreachable', 'The service is unavailable. Please try again.');
    }
  }

  async function call<T>(method: Method, path: string, body?: unknown): Promise<T> {
    const response = await send(method, path, { body });
    if (!response.ok) throw await apiErrorFrom(response);
    if (response.status === 204) return undefined as T;
    return (await response.json()) as T;
  }

  return {
    send,
    get: <T>(path: string) => call<T>('GET', path),
    post: <T = unknown>(path: string, body?: unknown) => call<T>('POST', path, body),
    patch: <T = unknown>(path: string, body: unknown) => call<T>('PATCH', path, body),
    put: <T = unknown>(path: string, body: unknown) => call<T>('PUT', path, body),
    delete: (path: string) => call<void>('DELETE', path),
  };
}

export async function apiErrorFrom(response: Response): Promise<ApiError> {
  const body: unknown = await response.json().catch(() => null);
  const problem = isErrorBody(body) ? body.error : null;
  return new ApiError(
    response.status,
    problem?.code ?? `http_${response.status}`,
    problem?.message ?? (response.statusText || 'The request failed'),
    problem?.details,
  );
}

function isErrorBody(body: unknown): body is ApiErrorBody {
  if (typeof body !== 'object' || body === null || !('error' in body)) return false;
  const problem = body.error;
  return typeof problem === 'object' && problem !== null && 'code' in problem && 'message' in problem;
}

/** For loads: an API failure becomes SvelteKit's error page, an expired session a sign-in. */
export function rethrowAsHttpError(cause: unknown): never {
  if (!(cause instanceof ApiError)) throw cause;
  if (cause.status === 401) redirect(303, '/sign-in');
  const status = cause.status >= 400 && cause.status <= 599 ? cause.status : 502;
  error(status as NumericRange<400, 599>, cause.message);
}

/** For loads of pages behind a permission (admin, team tasks): the API refusing it becomes this UI's own 403 page. */
export function rethrowAsAdminError(cause: unknown): never {
  if (cause instanceof ApiError && cause.status === 403) error(403, 'You do not have access to this page');
  rethrowAsHttpError(cause);
}

/** For what a page can do without: null when the API refuses this user, other failures as usual. */
export async function unlessForbidden<T>(request: Promise<T>): Promise<T | null> {
  try {
    return await request;
  } catch (cause) {
    if (cause instanceof ApiError && cause.status === 403) return null;
    throw cause;
  }
}
