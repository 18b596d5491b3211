import type { ExtractSchema } from 'hono/types';
import type { JSONParsed } from 'hono/utils/types';
import type { SuccessStatusCode } from 'hono/utils/http-status';

// Read from each router, not from the app's type: createApp mounts routers one statement at a time,
// and each process's in a loop over the registry, so `AppType` carries no routes for `hc` to type.
type Routes<Router> = ExtractSchema<Router>;

/** The endpoint's JSON on a success status; a route answers with a union, one member per `return`. */
type JsonOnSuccess<Endpoint> = Endpoint extends { output: infer Output; outputFormat: 'json'; status: infer Status }
  ? [Extract<Status, SuccessStatusCode>] extends [never]
    ? never
    : Output
  : never;

/**
 * What a route answers on success, as Hono infers it from the value its handler passes to `c.json`,
 * serialised (a Date becomes its ISO string): the UI's types follow the handlers, so a field renamed
 * there fails the UI's type check instead of reaching a page as `undefined`. A route with no JSON
 * success gives a type no field can be read from, rather than `never`, from which any can.
 */
export type Answer<Router, Path extends keyof Routes<Router>, Method extends keyof Routes<Router>[Path]> = [
  JsonOnSuccess<Routes<Router>[Path][Method]>,
] extends [never]
  ? { readonly noJsonAnswer: Path }
  : JsonOnSuccess<Routes<Router>[Path][Method]>;

/** A value as JSON delivers it, for what a route's answer types loosely (a task's case panel). */
export type Json<T> = JSONParsed<T>;
