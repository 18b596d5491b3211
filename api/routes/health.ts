import { sql } from 'drizzle-orm';
import { Hono } from 'hono';
import { pingTemporal } from '../../temporal/client.ts';
import type { AppEnv } from '../context.ts';
import { describeFailure } from '../errors.ts';

// Liveness (`/api/health`): the process serves requests; restarting it would not help otherwise.
// Readiness (`/api/health/ready`): it can also do its work, because PostgreSQL and Temporal answer.
// Both are public, so the answer names what failed and nothing more; the reason goes to the log.

/** Long enough for a healthy server under load, short enough for a health checker's own timeout. */
const checkTimeoutMs = 2_000;

type CheckResult = 'ok' | 'unavailable';

export const healthRoutes = new Hono<AppEnv>()
  .get('/', (c) => c.json({ ok: true }))
  .get('/ready', async (c) => {
    const { db, temporal } = c.var.deps;
    const [database, temporalServer] = await Promise.all([
      check('database', () => db.execute(sql`select 1`)),
      check('temporal', () => pingTemporal(temporal, checkTimeoutMs)),
    ]);
    const checks = { database, temporal: temporalServer };
    const ok = database === 'ok' && temporalServer === 'ok';
    return c.json({ ok, checks }, ok ? 200 : 503);
  });

// A checker asks every few seconds: say when a dependency goes away and when it is back, not each time.
const lastResults = new Map<string, CheckResult>();

async function check(name: string, probe: () => Promise<unknown>): Promise<CheckResult> {
  let result: CheckResult = 'ok';
  let reason = '';
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${checkTimeoutMs} ms`)), checkTimeoutMs);
  });
  try {
    // Our own timer, on top of the gRPC deadline: the SDK's retries can overrun that by a backoff.
    await Promise.race([probe(), late]);
  } catch (err) {
    result = 'unavailable';
    reason = describeFailure(err);
  } finally {
    clearTimeout(timer);
  }
  if (lastResults.get(name) !== result) {
    if (result === 'ok' && lastResults.has(name)) console.log(`api: ${name} answers again`);
    if (result !== 'ok') console.error(`api: not ready, ${name} is unavailable: ${reason}`);
    lastResults.set(name, result);
  }
  return result;
}
