import { spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { inboxDigestId } from '../workflows/inbox-digest/messages.ts';
import { leaveStatusQuery } from '../workflows/leave/messages.ts';
import { eventually, signIn, startPlatform, type Platform } from './harness.ts';
import { decideLeaveIsWaiting, lockLeaveRequest, startWorkerProcess, type WorkerProcess } from './worker-process.ts';

// The image's worker: workflow code from the bundle written at build time (scripts/bundle-workflows.ts,
// WORKFLOW_BUNDLE_PATH), and a drain on SIGTERM. The activity in flight is decideLeave, held inside
// its transaction by a row lock this test takes on the leave request, so it is still running when
// the signal comes and finishes only when the test lets it, 11 s later (within the 20 s grace).

const root = fileURLToPath(new URL('..', import.meta.url));
let bundleDir: string;
let bundlePath: string;
let platform: Platform;
let worker: WorkerProcess;

beforeAll(async () => {
  bundleDir = mkdtempSync(join(tmpdir(), 'workflow-bundle-'));
  bundlePath = join(bundleDir, 'workflow-bundle.js');
  const written = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/bundle-workflows.ts', bundlePath], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(written.status, written.stderr).toBe(0);
  expect(existsSync(bundlePath)).toBe(true);
  platform = await startPlatform({ bundle: { codePath: bundlePath } });
  worker = await startWorkerProcess(platform, { WORKFLOW_BUNDLE_PATH: bundlePath, WORKER_SHUTDOWN_GRACE: '20s' });
});
afterAll(async () => {
  const child = worker?.child;
  if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  await platform?.temporal.schedule
    .getHandle(inboxDigestId(platform.org.orgId))
    .delete()
    .catch(() => {});
  await platform?.stop();
  if (bundleDir) rmSync(bundleDir, { recursive: true, force: true });
});

it('runs the workflows from the written bundle, and on SIGTERM finishes the activity in flight before it exits', async () => {
  expect(worker.output()).toContain(`worker: workflow code from ${bundlePath}`);
  const employee = await signIn(platform, 'employee');
  const manager = await signIn(platform, 'manager');
  const day = platform.workingDayAhead(20);
  const submitted = await employee.post('/leave-requests', { leaveTypeCode: 'annual', startDate: day, endDate: day, reason: 'Move' });
  expect(submitted.status).toBe(201);
  const requestId: string = submitted.body.leaveRequest.id;
  // The process opened the manager's task: the pre-built bundle's workflow runs.
  const task = await eventually(async () =>
    (await manager.get('/tasks?sort=newest&limit=200')).body.tasks.find((t: { caseId: string }) => t.caseId === requestId),
  );

  const lock = lockLeaveRequest(platform, requestId);
  await lock.held;

  // Answered once the decision is on record, with the task's completion (one transaction).
  const approval = manager.post(`/tasks/${task.id}/complete`, { values: { decision: 'approve' } });
  // decideLeave is running: its update waits for the row lock.
  await eventually(() => decideLeaveIsWaiting(platform), 30_000);

  const exited = once(worker.child, 'exit');
  worker.child.kill('SIGTERM');
  await eventually(async () => worker.output().includes('worker: SIGTERM'), 5_000);
  // Still running 11 s later, past the 10 s a worker without a grace time would wait for an
  // activity that ignores its cancellation (as ours do): the grace time holds it open.
  await new Promise((resolve) => setTimeout(resolve, 11_000));
  expect(worker.child.exitCode, worker.output()).toBeNull();
  const releasedAt = Date.now();
  await lock.release();

  const [code, signal] = await exited;
  expect({ code, signal }).toEqual({ code: 0, signal: null });
  expect(Date.now() - releasedAt).toBeLessThan(15_000);
  expect(worker.output()).toContain('worker: stopped');
  expect((await approval).status).toBe(200);
  // At its start it made the organisation's daily digest schedule (MAIL_ORG_IDS names this one only).
  expect(worker.output()).toContain('worker: daily digest schedules: 1 created, 0 updated, 0 unchanged');

  // The draining worker finished the workflow task it was in: decideLeave's local-activity marker
  // is in the history before any other worker ran (recordLeaveRequest with its task opened,
  // decideLeave with its task completed).
  const handle = platform.temporal.workflow.getHandle(`leave-${requestId}`);
  const history = await handle.fetchHistory();
  const markers = history.events!.filter((e) => e.markerRecordedEventAttributes?.markerName === 'core_local_activity');
  expect(markers).toHaveLength(2);
  const [decided] = await platform.database.sql`select status from leave_requests where id = ${requestId}`;
  expect(decided!.status).toBe('approved');
  const ledger = await platform.database.sql`select kind from leave_ledger where request_id = ${requestId}`;
  expect(ledger.map((entry) => entry.kind)).toEqual(['taken']);

  // Until the new worker polls, the server refuses queries ("no poller seen"): ask again.
  await platform.withWorker(() => eventually(async () => (await handle.query(leaveStatusQuery).catch(() => null)) === 'approved', 20_000));
});
