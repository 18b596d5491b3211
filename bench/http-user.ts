import { performance } from 'node:perf_hooks';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { generateTOTP } from '@oslojs/otp';

export interface ApiAnswer {
  status: number;
  body: any; // eslint-disable-line @typescript-eslint/no-explicit-any -- JSON from the API under measurement
}

/** A wait for the next server-sent event of one topic; resolves with its arrival time, or null on timeout. */
export interface NextEvent {
  arrival: Promise<number | null>;
  cancel(): void;
}

/** A person signed in to the platform over real HTTP, with their `GET /api/events` stream open. */
export interface HttpUser {
  name: string;
  get(path: string): Promise<ApiAnswer>;
  post(path: string, body?: unknown): Promise<ApiAnswer>;
  /** Arm this before the action whose event it waits for, so the event cannot slip past. */
  nextEvent(topic: string, timeoutMs: number): NextEvent;
  close(): void;
}

/**
 * Without `events`, no event stream is opened (`nextEvent` never fires): for callers that poll and
 * outlive API restarts, which would break the stream.
 */
export async function signInOverHttp(
  baseUrl: string,
  email: string,
  password: string,
  options: { events?: boolean } = {},
): Promise<HttpUser> {
  const signIn = await fetch(`${baseUrl}/api/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email, password }),
  });
  if (signIn.status !== 200) throw new Error(`Sign-in of ${email} answered ${signIn.status}: ${await signIn.text()}`);
  const { next } = (await signIn.json()) as { next: string };
  let cookie = signIn.headers.get('set-cookie')!.split(';')[0]!;

  const call = async (method: string, path: string, body?: unknown): Promise<ApiAnswer> => {
    const response = await fetch(`${baseUrl}/api${path}`, {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    // Enrolling renews the session: only the token that answer carries signs in afterwards.
    cookie = response.headers.get('set-cookie')?.split(';')[0] ?? cookie;
    const text = await response.text();
    return { status: response.status, body: text ? parseBody(text) : null };
  };
  // Seeded people sign in for the first time here: enrol an authenticator as they would.
  if (next === 'enroll-totp') {
    const setup = await call('POST', '/account/totp/setup', {});
    const enabled = await call('POST', '/account/totp/enable', { code: generateTOTP(decodeBase32IgnorePadding(setup.body.secret), 30, 6) });
    if (enabled.status !== 200) throw new Error(`Two-factor enrolment of ${email} answered ${enabled.status}`);
  }
  const events = options.events === false ? noEventStream : await openEventStream(baseUrl, cookie, email);
  return {
    name: email,
    get: (path) => call('GET', path),
    post: (path, body = {}) => call('POST', path, body),
    nextEvent: events.next,
    close: events.close,
  };
}

/** Every wait simply times out. */
const noEventStream = {
  next(_topic: string, timeoutMs: number): NextEvent {
    let cancel = () => {};
    const arrival = new Promise<number | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), timeoutMs);
      cancel = () => (clearTimeout(timer), resolve(null));
    });
    return { arrival, cancel };
  },
  close() {},
};

interface Waiter {
  topic: string;
  resolve(at: number | null): void;
}

/** Reads `GET /api/events` as the browser's EventSource would; resolves once the server says `ready`. */
async function openEventStream(baseUrl: string, cookie: string, who: string) {
  const abort = new AbortController();
  const response = await fetch(`${baseUrl}/api/events`, { headers: { cookie, accept: 'text/event-stream' }, signal: abort.signal });
  if (response.status !== 200 || !response.body) throw new Error(`The event stream of ${who} answered ${response.status}.`);
  let waiters: Waiter[] = [];
  let markReady: () => void = () => {};
  const ready = new Promise<void>((resolve) => (markReady = resolve));

  const deliver = (topic: string, at: number) => {
    if (topic === 'ready') return markReady();
    const due = waiters.filter((w) => w.topic === topic);
    waiters = waiters.filter((w) => w.topic !== topic);
    for (const waiter of due) waiter.resolve(at);
  };
  const reading = (async () => {
    const decoder = new TextDecoder();
    let buffered = '';
    for await (const chunk of response.body as AsyncIterable<Uint8Array>) {
      const at = performance.now();
      buffered += decoder.decode(chunk, { stream: true });
      let end: number;
      while ((end = buffered.indexOf('\n\n')) >= 0) {
        const message = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        const topic = /^event: ?(.*)$/m.exec(message)?.[1];
        if (topic) deliver(topic.trim(), at);
      }
    }
  })().catch((err: unknown) => {
    if (!abort.signal.aborted) console.error(`The event stream of ${who} broke:`, err);
  });
  await ready;

  return {
    next(topic: string, timeoutMs: number): NextEvent {
      let waiter!: Waiter;
      const arrival = new Promise<number | null>((resolve) => {
        const timer = setTimeout(() => finish(null), timeoutMs);
        const finish = (at: number | null) => {
          clearTimeout(timer);
          waiters = waiters.filter((w) => w !== waiter);
          resolve(at);
        };
        waiter = { topic, resolve: finish };
        waiters.push(waiter);
      });
      return { arrival, cancel: () => waiter.resolve(null) };
    },
    close() {
      abort.abort();
      void reading;
    },
  };
}

/** JSON as the API answers; anything else (a proxy's error page) is kept as text. */
function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return { text };
  }
}
