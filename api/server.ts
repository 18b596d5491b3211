import { serve } from '@hono/node-server';
import { loadConfig, requireDatabaseUrl } from '../config.ts';
import { createMailer } from '../activities/mailer.ts';
import { createDb } from '../db/client.ts';
import { createTemporalClient } from '../temporal/client.ts';
import { createApp } from './app.ts';
import { createEventHub } from './events/hub.ts';

const config = loadConfig();
const database = createDb(requireDatabaseUrl(config));
const events = await createEventHub(database.sql);
const temporal = createTemporalClient(config.temporal);
if (!config.temporal.payloadKeys) console.warn('api: PAYLOAD_KEYS is not set; workflow data goes to Temporal unencrypted');
const mailer = createMailer({ db: database.db, ...config.mail });
const app = createApp({ db: database.db, temporal, config, events, mailer });

const server = serve({ fetch: app.fetch, port: config.apiPort, hostname: process.env.API_HOST ?? '127.0.0.1' }, (info) =>
  console.log(`api: listening on http://${info.address}:${info.port}/api`),
);

const shutdown = () => {
  server.close();
  void events.close().finally(() => database.close().finally(() => process.exit(0)));
};
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
