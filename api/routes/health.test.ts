import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadConfig } from '../../config.ts';
import { createDb } from '../../db/client.ts';
import { freePort } from '../../scripts/free-port.ts';
import { createTemporalClient } from '../../temporal/client.ts';
import { createApp } from '../app.ts';
import { createEventHub, type EventHub } from '../events/hub.ts';

// The health checks against the real PostgreSQL and Temporal server, and against addresses where
// nothing listens: the API's own lazy Temporal client and database pool, as api/server.ts builds them.

const config = () =>
  loadConfig({
    DATABASE_URL: inject('databaseUrl'),
    TEMPORAL_ADDRESS: inject('temporalAddress'),
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
  });
let database: ReturnType<typeof createDb>;
let events: EventHub;
const closers: (() => Promise<void>)[] = [];

beforeAll(async () => {
  database = createDb(inject('databaseUrl'));
  events = await createEventHub(database.sql);
});
afterAll(async () => {
  for (const close of closers) await close();
  await events?.close();
  await database?.close();
});

/** The API with its database and Temporal server at these addresses (by default, the ones that answer). */
function apiWith(addresses: { databaseUrl?: string; temporalAddress?: string } = {}) {
  const settings = config();
  const db = addresses.databaseUrl ? createDb(addresses.databaseUrl) : database;
  if (db !== database) closers.push(() => db.close());
  const temporal = createTemporalClient({ ...settings.temporal, address: addresses.temporalAddress ?? settings.temporal.address });
  closers.push(() => temporal.connection.close());
  const app = createApp({ db: db.db, temporal, config: settings, events });
  return async (path: string) => {
    const startedAt = Date.now();
    const response = await app.request(`/api${path}`);
    return { status: response.status, body: await response.json(), tookMs: Date.now() - startedAt };
  };
}

describe('health', () => {
  it('is ready when PostgreSQL and Temporal both answer', async () => {
    const call = apiWith();
    expect(await call('/health/ready')).toMatchObject({ status: 200, body: { ok: true, checks: { database: 'ok', temporal: 'ok' } } });
  });

  it('is not ready, naming temporal, while Temporal is unreachable, and stays alive meanwhile', async () => {
    const closedPort = await freePort();
    const call = apiWith({ temporalAddress: `127.0.0.1:${closedPort}` });

    const ready = await call('/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { ok: false, checks: { database: 'ok', temporal: 'unavailable' } } });
    // Within the check's own timeout, and saying nothing about where or why.
    expect(ready.tookMs).toBeLessThan(4_000);
    expect(JSON.stringify(ready.body)).not.toContain(String(closedPort));
    expect(await call('/health')).toMatchObject({ status: 200, body: { ok: true } });
  });

  it('is not ready, naming the database, while PostgreSQL is unreachable', async () => {
    const closedPort = await freePort();
    const call = apiWith({ databaseUrl: `postgres://platform:secret-password@127.0.0.1:${closedPort}/platform` });

    const ready = await call('/health/ready');
    expect(ready).toMatchObject({ status: 503, body: { ok: false, checks: { database: 'unavailable', temporal: 'ok' } } });
    expect(JSON.stringify(ready.body)).not.toMatch(/secret-password|127\.0\.0\.1/);
    expect(await call('/health')).toMatchObject({ status: 200, body: { ok: true } });
  });
});
