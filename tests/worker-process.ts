import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { testPayloadKeySet, type Platform } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/**
 * `node --import tsx temporal/worker-main.ts` (as `npm start` and the image run it) on the
 * platform's task queue, with `env` on top; resolves once it polls.
 */
export async function startWorkerProcess(platform: Platform, env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: platform.config.temporal.taskQueue,
      SMTP_URL: platform.mail.smtpUrl,
      APP_URL: platform.config.appUrl,
      // The test platform's keys: the process reads and writes the same sealed payloads as its API.
      PAYLOAD_KEYS: testPayloadKeySet,
      // Only this file's organisation: the other files' mail goes to their own sinks.
      MAIL_ORG_IDS: platform.org.orgId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const polling = () => {
      if (output.includes('worker: polling')) resolve();
    };
    child.stdout!.on('data', polling);
    child.stderr!.on('data', polling);
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before polling:\n${output}`)));
  });
  return { child, output: () => output };
}

/** Holds a lock on a leave request's row until released, so decideLeave's update waits on it. */
export function lockLeaveRequest(platform: Platform, requestId: string) {
  let release = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let locked = () => {};
  const held = new Promise<void>((resolve) => (locked = resolve));
  const done = platform.database.sql.begin(async (tx) => {
    await tx`select 1 from leave_requests where id = ${requestId} for update`;
    locked();
    await released;
  });
  return { held, release: async () => (release(), await done) };
}

/**
 * Whether decideLeave waits on the request's row (see `lockLeaveRequest`): its update of the row, or
 * its ledger entry, whose foreign key checks the row (its statements go together, in either order).
 */
export async function decideLeaveIsWaiting(platform: Platform): Promise<boolean> {
  const waiting = await platform.database.sql`
    select 1 from pg_stat_activity
     where wait_event_type = 'Lock' and query ilike any (array['update "leave_requests"%', 'insert into "leave_ledger"%'])`;
  return waiting.length > 0;
}
