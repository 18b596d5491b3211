import { patched, proxyActivities, proxyLocalActivities, type ActivityOptions } from '@temporalio/workflow';

/**
 * Set in every history that runs its short writes as local activities. Histories from before it
 * scheduled them as ordinary activities, and replay them that way.
 */
export const shortWritesPatch = 'short-writes-as-local-activities';

type Options = Pick<ActivityOptions, 'startToCloseTimeout' | 'retry'>;

/**
 * Activities that are short database writes (one transaction, no network call beyond
 * PostgreSQL), run as local activities: in the worker, inside the workflow task that needs them,
 * with no round trip through the Temporal server (DESIGN.md, "Performance notes"). They retry like
 * any activity, so each must stay idempotent. What talks to slow or outside systems (e-mail) does
 * not belong here: the outbox sends it.
 */
export function shortWrites<A extends object>(options: Options) {
  const local = proxyLocalActivities<A>(options);
  const scheduled = proxyActivities<A>(options);
  return function run<K extends keyof A & string>(
    name: K,
    summary: string,
    args: A[K] extends (...a: infer P) => unknown ? P : never,
  ): Promise<A[K] extends (...a: never[]) => infer R ? Awaited<R> : never> {
    const proxy = (patched(shortWritesPatch) ? local : scheduled) as Record<
      string,
      { executeWithOptions(options: { summary: string }, args: unknown[]): Promise<unknown> }
    >;
    return proxy[name]!.executeWithOptions({ summary }, args) as never;
  };
}
