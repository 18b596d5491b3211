import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { leaveStatusQuery } from '../workflows/leave/messages.ts';
import { eventually, signIn, startPlatform, testPayloadKeySet, type Platform } from './harness.ts';

// The real worker process (as `npm start` runs it) is killed with SIGKILL while decideLeave is
// running: its transaction has committed and it waits on an SMTP server that never answers for
// the employee. A second worker must finish the process with nothing lost and nothing doubled.
//
// The killed attempt is retried when its startToCloseTimeout (30 s, in the workflow) runs out.
// The test waits that out rather than shortening it for tests: what is proven is the production
// retry path, and the whole test still takes well under a minute.

const root = fileURLToPath(new URL('..', import.meta.url));
let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let smtp: StallingSmtp;
let worker: ChildProcess;

interface StallingSmtp {
  url: string;
  /** Recipients the server accepted a message for. */
  delivered: string[];
  /** Resolves with the recipient once a sender is left hanging for `stallFor`. */
  stalled: Promise<string>;
  stop(): Promise<void>;
}

/** An SMTP server that delivers every message except one to `stallFor`: that one it never answers. */
async function startStallingSmtp(stallFor: string): Promise<StallingSmtp> {
  const port = await freePort();
  const delivered: string[] = [];
  let reportStall: (recipient: string) => void = () => {};
  const stalled = new Promise<string>((resolve) => (reportStall = resolve));
  const server = new SMTPServer({
    secure: false,
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    closeTimeout: 1_000,
    onRcptTo(address, _session, callback) {
      if (address.address === stallFor) reportStall(address.address);
      else callback();
    },
    onData(stream, session, callback) {
      stream.resume();
      stream.on('end', () => {
        delivered.push(...session.envelope.rcptTo.map((r) => r.address));
        callback();
      });
    },
  });
  server.on('error', () => {}); // the killed worker's connection breaks off
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `smtp://127.0.0.1:${port}`, delivered, stalled, stop: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** `node --import tsx temporal/worker-main.ts`, on this file's task queue; resolves once it polls. */
async function startWorkerProcess(smtpUrl: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: platform.config.temporal.taskQueue,
      SMTP_URL: smtpUrl,
      APP_URL: platform.config.appUrl,
      PAYLOAD_KEYS: testPayloadKeySet,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('worker: polling')) resolve();
    };
    child.stdout!.on('data', collect);
    child.stderr!.on('data', collect);
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before polling:\n${output}`)));
  });
  return child;
}

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
  smtp = await startStallingSmtp(`lead@${platform.slug}.test`);
  worker = await startWorkerProcess(smtp.url);
});
afterAll(async () => {
  if (worker && worker.exitCode === null && worker.signalCode === null) worker.kill('SIGKILL');
  await smtp?.stop();
  await platform?.stop();
});

it('finishes an approval once, with one ledger entry and one e-mail, when the worker is killed inside decideLeave', async () => {
  const employee = await signIn(platform, 'lead');
  const manager = await signIn(platform, 'manager');
  const day = platform.workingDayAhead(20);
  const submitted = await employee.post('/leave-requests', { leaveTypeCode: 'annual', startDate: day, endDate: day, reason: 'Wedding' });
  expect(submitted.status).toBe(201);
  const requestId: string = submitted.body.leaveRequest.id;
  const task = await eventually(async () =>
    (await manager.get('/tasks')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId),
  );
  expect((await manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } })).status).toBe(200);

  // decideLeave is mid-flight: it committed its transaction, claimed the e-mail's key, and waits on SMTP.
  expect(await smtp.stalled).toBe(`lead@${platform.slug}.test`);
  const emailKey = `leave-${requestId}:decided`;
  const [claimed] = await platform.database.sql`select sent_at from outbound_emails where key = ${emailKey}`;
  expect(claimed).toEqual({ sent_at: null });
  const [committed] = await platform.database.sql`select status from leave_requests where id = ${requestId}`;
  expect(committed!.status).toBe('approved');

  const killedAt = Date.now();
  worker.kill('SIGKILL');
  const [, signal] = await once(worker, 'exit');
  expect(signal).toBe('SIGKILL');

  const handle = platform.temporal.workflow.getHandle(`leave-${requestId}`);
  const second = await platform.startWorker();
  await second.runUntil(async () => {
    await platform.mail.waitFor((m) => m.to.includes(`lead@${platform.slug}.test`), 45_000);
    await eventually(async () => (await handle.query(leaveStatusQuery)) === 'approved', 20_000);
  });
  console.log(`worker-killed: the second worker finished ${Math.round((Date.now() - killedAt) / 1000)} s after the kill`);

  // Temporal ran decideLeave twice: the killed attempt, and the one that finished.
  const history = await handle.fetchHistory();
  const decideScheduled = history.events!.find((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'decideLeave')!;
  const decideStarted = history.events!.find(
    (e) =>
      e.activityTaskStartedEventAttributes &&
      String(e.activityTaskStartedEventAttributes.scheduledEventId) === String(decideScheduled.eventId),
  )!;
  expect(decideStarted.activityTaskStartedEventAttributes!.attempt).toBe(2);

  const ledger = await platform.database.sql`select kind, half_days from leave_ledger where request_id = ${requestId}`;
  expect(ledger).toEqual([{ kind: 'taken', half_days: -2 }]);
  const toEmployee = platform.mail.messages().filter((m) => m.to.includes(`lead@${platform.slug}.test`));
  expect(toEmployee.map((m) => m.subject)).toEqual(['Your leave request was approved']);
  expect(smtp.delivered).not.toContain(`lead@${platform.slug}.test`);
  const [email] = await platform.database
    .sql`select count(*)::int as n, bool_and(sent_at is not null) as sent from outbound_emails where key = ${emailKey}`;
  expect(email).toEqual({ n: 1, sent: true });
  const timeline = await platform.database.sql`select kind from case_events where case_id = ${requestId} order by at`;
  expect(timeline.map((e) => e.kind)).toEqual(['submitted', 'opened', 'completed', 'approved']);
  const audit = await platform.database.sql`select kind from audit_log where target_id = ${requestId} order by id`;
  expect(audit.map((a) => a.kind)).toEqual(['leave.submitted', 'leave.approved']);
});
