import type { ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startMailDispatcher } from '../mail/dispatcher.ts';
import { freePort } from '../scripts/free-port.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { leaveStatusQuery } from '../workflows/leave/messages.ts';
import { eventually, signIn, startPlatform, type Platform } from './harness.ts';
import { decideLeaveIsWaiting, lockLeaveRequest, startWorkerProcess } from './worker-process.ts';

// The real worker process (as `npm start` runs it) is killed with SIGKILL twice in one approval:
// first while decideLeave (a local activity) waits on the database, then while the worker's mail
// dispatcher waits on an SMTP server that never answers for the employee. Each time the next
// worker (or dispatcher) must finish the work with nothing lost and nothing doubled.
//
// The killed workflow task is retried when its timeout (Temporal's default 10 s) runs out, and the
// killed e-mail's claim when it does (twice MAIL_SEND_TIMEOUT): what is proven is the production
// retry path, with nothing shortened for the test but the send timeout.

let bundle: WorkflowBundleWithSourceMap;
let platform: Platform;
let smtp: StallingSmtp;
const workers: ChildProcess[] = [];

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

/** The real worker process, sending this file's mail to `smtpUrl` with a short send timeout. */
const startWorker = async (smtpUrl: string) =>
  (await startWorkerProcess(platform, { SMTP_URL: smtpUrl, MAIL_SEND_TIMEOUT: `${sendTimeoutS}s` })).child;

async function kill(child: ChildProcess): Promise<void> {
  child.kill('SIGKILL');
  const [, signal] = await once(child, 'exit');
  expect(signal).toBe('SIGKILL');
}

const sendTimeoutS = 3;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  // The worker processes send this file's mail; a dispatcher of the test's own takes over below.
  platform = await startPlatform({ bundle, dispatchMail: false });
  smtp = await startStallingSmtp(`lead@${platform.slug}.test`);
});
afterAll(async () => {
  for (const child of workers) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await smtp?.stop();
  await platform?.stop();
});

it('finishes an approval once, with one ledger entry and one e-mail, when the worker is killed inside decideLeave and again while sending its e-mail', async () => {
  workers.push(await startWorker(smtp.url));
  const employee = await signIn(platform, 'lead');
  const manager = await signIn(platform, 'manager');
  const day = platform.workingDayAhead(20);
  const submitted = await employee.post('/leave-requests', { leaveTypeCode: 'annual', startDate: day, endDate: day, reason: 'Wedding' });
  expect(submitted.status).toBe(201);
  const requestId: string = submitted.body.leaveRequest.id;
  const task = await eventually(async () =>
    (await manager.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId),
  );

  // 1. decideLeave waits on the request's row when the worker dies.
  const lock = lockLeaveRequest(platform, requestId);
  await lock.held;
  const approval = manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } });
  await eventually(() => decideLeaveIsWaiting(platform), 15_000);
  const firstKillAt = Date.now();
  await kill(workers[0]!);
  await lock.release();
  const [before] = await platform.database.sql`select status from leave_requests where id = ${requestId}`;
  expect(before!.status).toBe('pending'); // the killed attempt's transaction went with its connection
  const [taskBefore] = await platform.database.sql`select status from tasks where id = ${task.id}`;
  expect(taskBefore!.status).toBe('open'); // and the task's completion with it: they are one transaction

  // 2. The next worker retries the workflow task, records the decision and queues the e-mail,
  //    then its dispatcher hangs on the SMTP server and it is killed too.
  workers.push(await startWorker(smtp.url));
  expect(await smtp.stalled).toBe(`lead@${platform.slug}.test`);
  console.log(`worker-killed: the second worker recorded the decision ${Math.round((Date.now() - firstKillAt) / 1000)} s after the kill`);
  const emailKey = `leave-${requestId}:decided`;
  const [claimed] = await platform.database.sql`select sent_at, attempts from outbound_emails where key = ${emailKey}`;
  expect(claimed).toEqual({ sent_at: null, attempts: 1 });
  // The manager's answer: the decision, once the workflow task that records it completed.
  expect((await approval).status).toBe(200);
  const secondKillAt = Date.now();
  await kill(workers[1]!);

  // 3. Another dispatcher sends it once the dead one's claim has run out.
  const dispatcher = await startMailDispatcher({
    sql: platform.database.sql,
    ...platform.config.mail,
    onlyOrgIds: [platform.org.orgId],
    pollMs: 500,
  });
  try {
    await platform.mail.waitFor((m) => m.to.includes(`lead@${platform.slug}.test`), 30_000);
  } finally {
    await dispatcher.stop();
  }
  console.log(`worker-killed: another dispatcher sent the e-mail ${Math.round((Date.now() - secondKillAt) / 1000)} s after the kill`);
  const handle = platform.temporal.workflow.getHandle(`leave-${requestId}`);
  // Until the new worker polls, the server refuses queries ("no poller seen"): ask again.
  await platform.withWorker(() => eventually(async () => (await handle.query(leaveStatusQuery).catch(() => null)) === 'approved', 20_000));

  // decideLeave ran twice (the killed attempt left nothing), and left one marker in the history.
  const history = await handle.fetchHistory();
  const markers = history.events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  expect(markers.length).toBe(2); // recordLeaveRequest with its task opened, decideLeave with its task completed

  const ledger = await platform.database.sql`select kind, half_days from leave_ledger where request_id = ${requestId}`;
  expect(ledger).toEqual([{ kind: 'taken', half_days: -2 }]);
  const toEmployee = platform.mail.messages().filter((m) => m.to.includes(`lead@${platform.slug}.test`));
  expect(toEmployee.map((m) => m.subject)).toEqual(['Your leave request was approved']);
  expect(smtp.delivered).not.toContain(`lead@${platform.slug}.test`);
  const [email] = await platform.database
    .sql`select count(*)::int as n, bool_and(sent_at is not null) as sent, max(attempts) as attempts from outbound_emails where key = ${emailKey}`;
  expect(email).toEqual({ n: 1, sent: true, attempts: 2 });
  const timeline = await platform.database.sql`select kind from case_events where case_id = ${requestId} order by at`;
  expect(timeline.map((e) => e.kind)).toEqual(['submitted', 'opened', 'completed', 'approved']);
  const audit = await platform.database.sql`select kind from audit_log where target_id = ${requestId} order by id`;
  expect(audit.map((a) => a.kind)).toEqual(['leave.submitted', 'leave.approved']);
  // Two worker processes bundle the workflows as they start (tens of seconds on a loaded 2-core machine).
}, 180_000);
