/**
 * The inbox when full (issue 8): 1,000,000 tasks across 10,000 people, 1,000 of them open for the
 * person asking (held, delegated, or waiting in their queue), measured through the API over HTTP.
 * Prints p50/p95/p99 for the inbox page, the count, a business-field filter, a text search and a
 * second page, and each query's plan.
 *
 *   npm run bench:inbox
 *   BENCH_TASKS=200000 BENCH_N=200 npm run bench:inbox
 *
 * A fresh embedded PostgreSQL (fsync off) is started and removed, unless DATABASE_URL names one
 * (which then gets a new organisation).
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import type { Server } from 'node:http';
import { availableParallelism, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { Client, Connection } from '@temporalio/client';
import { createApp } from '../api/app.ts';
import { createSession } from '../api/auth/sessions.ts';
import { createEventHub } from '../api/events/hub.ts';
import { loadConfig } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startEmbeddedPostgres } from '../db/embedded.ts';
import { migrateDatabase } from '../db/migrate.ts';
import { seedOrganisation } from '../db/seed.ts';
import { freePort } from '../scripts/free-port.ts';
import { gitCommit, progress, whole } from './run-details.ts';

const settings = {
  tasks: whole('BENCH_TASKS', 1_000_000, 10_000),
  people: whole('BENCH_PEOPLE', 10_000, 100),
  samples: whole('BENCH_N', 300, 10),
  warmup: whole('BENCH_WARMUP', 30, 0),
};
/** What the person asking has open: held, delegated to them, and offered to their queue. */
const askerOpen = { held: 600, delegated: 100, queued: 300 };
const cleanup: (() => Promise<void>)[] = [];

async function main(): Promise<void> {
  const startedAt = new Date();
  const loadAtStart = loadavg();
  const external = Boolean(process.env.DATABASE_URL);
  const databaseUrl = process.env.DATABASE_URL || (await startDatabase());
  const migrator = createDb(databaseUrl, { max: 1 });
  await migrateDatabase(migrator.db).finally(() => migrator.close());

  // Every statement the API sends: the last one of a request is its own query, whose plan is shown.
  let lastQuery: { text: string; params: unknown[] } | null;
  const database = createDb(databaseUrl, {
    max: 10,
    debug: (_connection, text, params) => {
      lastQuery = { text, params };
    },
  });
  cleanup.push(database.close);
  const slug = `inbox-${randomBytes(3).toString('hex')}`;
  const org = await seedOrganisation(database.db, { slug, name: `Inbox bench ${slug}`, password: 'unused-password-1', years: [2030] });
  const asker = org.people.qa;

  progress(`loading ${settings.people} people and ${settings.tasks} tasks`);
  const loadStarted = performance.now();
  await loadTasks(database.sql, org.orgId, asker.id, asker.departmentId!);
  const loadSeconds = (performance.now() - loadStarted) / 1000;
  progress(`loaded in ${loadSeconds.toFixed(0)} s; vacuuming and analysing`);
  // What autovacuum does to a table this size soon after the load: done here, so that it does not
  // run on the same two cores in the middle of the measurement.
  await database.sql`vacuum analyze`;

  const api = await startApi(databaseUrl, database);
  const token = randomBytes(32).toString('base64url');
  await createSession(database.db, token, asker, {
    twoFactorVerified: true,
    idleMs: 3_600_000,
    absoluteMs: 3_600_000,
    ipAddress: '127.0.0.1',
    userAgent: 'inbox-bench',
  });
  const get = async (path: string) => {
    const response = await fetch(`${api}/api${path}`, { headers: { cookie: `session=${token}`, accept: 'application/json' } });
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status !== 200) throw new Error(`GET ${path} answered ${response.status}: ${JSON.stringify(body)}`);
    return body;
  };

  const firstPage = (await get('/tasks')) as { tasks: unknown[]; nextCursor: string };
  const count = (await get('/tasks/count')) as { count: number };
  if (count.count !== askerOpen.held + askerOpen.delegated + askerOpen.queued) {
    throw new Error(
      `The asker should have ${askerOpen.held + askerOpen.delegated + askerOpen.queued} open tasks, the count says ${count.count}.`,
    );
  }
  const queries = {
    // The floor: a session look-up and an answer, no inbox query.
    'baseline: GET /api/me (session only)': '/me',
    'inbox page (open, due first, 50)': '/tasks',
    'count (total, mine, per queue)': '/tasks/count',
    'business-field filter (leave type)': '/tasks?field.leaveTypeName=Sick%20leave',
    'full-text search (name prefix)': '/tasks?q=person%2012',
    'second page (cursor)': `/tasks?cursor=${firstPage.nextCursor}`,
    'done tasks (newest 50)': '/tasks?status=done',
  };

  const results: Record<string, { p50: number; p95: number; p99: number; rows: number; plan: string }> = {};
  for (const [name, path] of Object.entries(queries)) {
    progress(`measuring ${name}: ${settings.warmup} warm-up + ${settings.samples} requests`);
    for (let i = 0; i < settings.warmup; i++) await get(path);
    const ms: number[] = [];
    let rows = 0;
    for (let i = 0; i < settings.samples; i++) {
      const started = performance.now();
      const body = await get(path);
      ms.push(performance.now() - started);
      rows = Array.isArray(body.tasks) ? body.tasks.length : Number(body.count);
    }
    lastQuery = null;
    await get(path);
    const query = lastQuery as { text: string; params: unknown[] } | null;
    const plan = query
      ? (await database.sql.unsafe(`explain (analyze, buffers) ${query.text}`, query.params as never[]))
          .map((r) => r['QUERY PLAN'])
          .join('\n')
      : '(no query captured)';
    results[name] = { ...percentiles(ms), rows, plan };
  }

  const report = {
    benchmark: 'inbox',
    startedAt: startedAt.toISOString(),
    settings: { ...settings, askerOpen },
    environment: {
      node: process.version,
      cpus: availableParallelism(),
      loadAverage: { atStart: loadAtStart, atEnd: loadavg() },
      commit: gitCommit(),
      database: external ? 'DATABASE_URL' : 'embedded PostgreSQL, fsync off',
    },
    loadSeconds,
    results,
  };
  console.log(`\nInbox benchmark: ${settings.tasks} tasks, ${settings.people} people, ${count.count} open for the asker`);
  console.log(
    `${report.environment.cpus} CPUs, Node ${process.version}, load ${loadAtStart[0]!.toFixed(1)} at start; through the API over HTTP, one request at a time\n`,
  );
  console.log(`${'query'.padEnd(40)} ${'p50 ms'.padStart(8)} ${'p95 ms'.padStart(8)} ${'p99 ms'.padStart(8)} ${'rows'.padStart(6)}`);
  for (const [name, r] of Object.entries(results)) {
    console.log(
      `${name.padEnd(40)} ${r.p50.toFixed(1).padStart(8)} ${r.p95.toFixed(1).padStart(8)} ${r.p99.toFixed(1).padStart(8)} ${String(r.rows).padStart(6)}`,
    );
  }
  for (const [name, r] of Object.entries(results)) console.log(`\nPlan: ${name}\n${r.plan}`);
  const file = fileURLToPath(new URL(`./results/inbox-${startedAt.toISOString().replace(/[:.]/g, '-')}.json`, import.meta.url));
  await mkdir(join(file, '..'), { recursive: true });
  await writeFile(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`\nWritten to ${file}`);
}

function percentiles(samples: number[]) {
  const sorted = [...samples].sort((a, b) => a - b);
  const rank = (q: number) => sorted[Math.max(0, Math.ceil(q * sorted.length) - 1)]!;
  return { p50: rank(0.5), p95: rank(0.95), p99: rank(0.99) };
}

/**
 * The organisation's people and tasks, written by PostgreSQL itself. Nine tasks in ten are closed;
 * the open ones are held by everyone in turn, one in ten waits in a department's queue, and each
 * is about someone who may not decide it. The asker's own open tasks come on top.
 */
async function loadTasks(sql: ReturnType<typeof createDb>['sql'], orgId: string, askerId: string, askerDepartment: string) {
  const { tasks, people } = settings;
  const closed = Math.floor(tasks * 0.9);
  await sql`create temporary table bench_people (n int primary key, id uuid not null, department_id uuid)`;
  await sql`
    with made as (
      insert into users (org_id, email, name, password_hash, roles, department_id)
      select ${orgId}, 'person-' || g || '@${sql.unsafe(orgId.slice(0, 8))}.bench.test', 'Person ' || g, 'not-a-password-hash', '{staff}',
             (select id from departments where org_id = ${orgId} order by id offset (g % 3) limit 1)
        from generate_series(0, ${people - 1}) g
      returning id, name, department_id)
    insert into bench_people select substring(name from 8)::int, id, department_id from made`;
  const leaveTypes = `(array['Annual leave', 'Sick leave', 'Unpaid leave', 'Parental leave'])`;
  // Old enough that every due time has passed or is far off, whatever today is.
  await sql.unsafe(
    `
    insert into tasks (org_id, workflow_id, task_key, step, kind, title, case_type, case_id, subject_id, permission,
                       assignee_id, queue_label, candidate_role, candidate_department_id, priority, status, form,
                       due_at, completed_by, completed_at, version, case_fields, created_at)
    select $1, 'bench-' || g, 'approval', 'approval', 'leave-approval',
           'Leave request: Person ' || (g % ${people}) || ', ' || ${leaveTypes}[1 + g % 4],
           'leave', 'bench-case-' || g, subject.id, 'leave:approve',
           case when g > ${closed} and g % 10 = 0 then null else holder.id end,
           case when g > ${closed} and g % 10 = 0 then 'Department queue' end,
           case when g > ${closed} and g % 10 = 0 then 'staff' end,
           case when g > ${closed} and g % 10 = 0 then holder.department_id end,
           (array['low', 'normal', 'high', 'urgent'])[1 + g % 4],
           case when g > ${closed} then 'open' else 'completed' end,
           '{"fields": []}'::jsonb,
           case when g % 7 = 0 then null else timestamptz '2020-01-01' + g * interval '1 minute' + interval '3 days' end,
           case when g <= ${closed} then holder.id end,
           case when g <= ${closed} then timestamptz '2020-01-01' + g * interval '1 minute' + interval '1 day' end,
           2,
           jsonb_build_object('employeeName', 'Person ' || (g % ${people}), 'leaveTypeName', ${leaveTypes}[1 + g % 4], 'workingDays', 1 + g % 5),
           timestamptz '2020-01-01' + g * interval '1 minute'
      from generate_series(1::bigint, ${tasks - askerOpen.held - askerOpen.delegated - askerOpen.queued}) g
      join bench_people holder on holder.n = (g * 7919) % ${people}
      join bench_people subject on subject.n = (g * 104729 + 1) % ${people}`,
    [orgId],
  );
  // The asker's own: held, delegated to them by someone else, and waiting in the QA queue of their department.
  await sql.unsafe(
    `
    insert into tasks (org_id, workflow_id, task_key, step, kind, title, case_type, case_id, subject_id, permission,
                       assignee_id, delegate_id, queue_label, candidate_role, candidate_department_id, priority, status, form,
                       due_at, version, case_fields, created_at)
    select $1, 'bench-asker-' || g, 'approval', 'approval', 'leave-approval',
           'Leave request: Person ' || (g % ${people}) || ', ' || ${leaveTypes}[1 + g % 4],
           'leave', 'bench-asker-case-' || g, subject.id, 'leave:approve',
           case when g <= ${askerOpen.held} then $2::uuid when g <= ${askerOpen.held + askerOpen.delegated} then subject.id end,
           case when g > ${askerOpen.held} and g <= ${askerOpen.held + askerOpen.delegated} then $2::uuid end,
           case when g > ${askerOpen.held + askerOpen.delegated} then 'QA reviewers' end,
           case when g > ${askerOpen.held + askerOpen.delegated} then 'qa' end,
           case when g > ${askerOpen.held + askerOpen.delegated} then $3::uuid end,
           (array['low', 'normal', 'high', 'urgent'])[1 + g % 4], 'open', '{"fields": []}'::jsonb,
           case when g % 5 = 0 then null else timestamptz '2020-06-01' + g * interval '1 hour' end,
           1,
           jsonb_build_object('employeeName', 'Person ' || (g % ${people}), 'leaveTypeName', ${leaveTypes}[1 + g % 4], 'workingDays', 1 + g % 5),
           timestamptz '2020-06-01' + g * interval '1 minute'
      from generate_series(1, ${askerOpen.held + askerOpen.delegated + askerOpen.queued}) g
      join bench_people subject on subject.n = (g * 31) % ${people}`,
    [orgId, askerId, askerDepartment],
  );
  // Some closed tasks the asker decided, for their list of done tasks.
  await sql`
    update tasks set completed_by = ${askerId}, assignee_id = ${askerId}
     where org_id = ${orgId} and status = 'completed' and workflow_id ~ '^bench-[0-9]+$' and substring(workflow_id from 7)::bigint % 500 = 0`;
  // Queue rows for every queued task, and the person each open task is about, who may not decide it.
  await sql`
    insert into task_candidates (org_id, task_id, relation, role, department_id)
    select org_id, id, 'candidate', candidate_role, candidate_department_id
      from tasks where org_id = ${orgId} and status = 'open' and assignee_id is null`;
  await sql`
    insert into task_candidates (org_id, task_id, relation, user_id)
    select org_id, id, 'excluded', subject_id from tasks where org_id = ${orgId} and status = 'open'`;
}

async function startDatabase(): Promise<string> {
  // Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
  const dataDir = join(tmpdir(), `platform-inbox-bench-pg-${randomBytes(6).toString('hex')}`);
  cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
  const database = await startEmbeddedPostgres({ dataDir, port: await freePort(), durable: false });
  cleanup.push(database.stop);
  return database.url;
}

async function startApi(databaseUrl: string, database: ReturnType<typeof createDb>): Promise<string> {
  const config = loadConfig({
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: '127.0.0.1:1',
    SMTP_URL: 'smtp://127.0.0.1:1',
    APP_URL: 'http://localhost:3000',
    TOTP_ENCRYPTION_KEY: randomBytes(32).toString('base64'),
    PAYLOAD_KEYS: `bench:${randomBytes(32).toString('base64')}`,
  });
  // The inbox reads only PostgreSQL: a connection that is never used stands in for Temporal.
  const temporal = new Client({ connection: Connection.lazy({ address: config.temporal.address }), namespace: config.temporal.namespace });
  const events = await createEventHub(database.sql);
  cleanup.push(events.close);
  const app = createApp({ db: database.db, temporal, config, events });
  const port = await freePort();
  const server = await new Promise<Server>((resolve) => {
    const listening: Server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => resolve(listening)) as Server;
  });
  cleanup.push(() => new Promise<void>((resolve) => server.close(() => resolve())));
  return `http://127.0.0.1:${port}`;
}

try {
  await main();
} finally {
  for (const step of cleanup.reverse()) await step().catch(() => {});
}
