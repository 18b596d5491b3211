import { serve } from '@hono/node-server';
import { loadServiceConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from '../db/client.ts';
import { createTemporalClient } from '../temporal/client.ts';
import { createApp } from './app.ts';
import { createEventHub } from './events/hub.ts';

const config = loadServiceConfig('api');
const database = createDb(requireDatabaseUrl(config));
const events = await createEventHub(database.sql);
const temporal = createTemporalClient(config.temporal);
if (!config.temporal.payloadKeys) console.warn('api: PAYLOAD_KEYS is not set; workflow data goes to Temporal unencrypted');
const app = createApp({ db: database.db, temporal, config, events });

const server = serve({ fetch: app.fetch, port: config.apiPort, hostname: config.apiHost }, (info) =>
  console.log(`api: listening on http://${info.address}:${info.port}/api`),
);

const shutdown = () => {
  server.close();
  void events.close().finally(() => database.close().finally(() => process.exit(0)));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
