import { readdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { Client, WorkflowUpdateFailedError } from '@temporalio/client';
import type { DataConverter } from '@temporalio/common';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { createActivities } from '../../activities/index.ts';
import { encryptedEncoding, parsePayloadKeys, payloadDataConverter } from '../../temporal/payload-codec.ts';
import { bundleWorkflows } from '../../temporal/worker.ts';
import { completeTaskUpdate, tasksQuery } from '../human-task/messages.ts';
import { recordHistory } from '../../tests/recorded-histories.ts';
import { cancelLeaveUpdate, leaveStatusQuery, submitLeaveUpdate, type LeaveRequestInput } from './messages.ts';
import { leaveRequestWorkflow } from './workflow.ts';

// The workflow's own logic, on the real Temporal server, with activities that only record what
// they were asked to do (the real ones are exercised by tests/leave-*.test.ts).
// Recorded histories in ./histories are replayed against the current code: a change that is not
// replay-safe (missing `patched()`) fails here. `RECORD_HISTORIES=1` re-records them; the
// `scheduled-activities-*` ones were recorded before the short writes became local activities, the
// `separate-writes-*` ones before the request and its approval task were written in one local
// activity, the `separate-decision-*` ones before the decision was written with its task's
// completion; all are kept as they are, since running processes from then still replay that way.
// Histories named `*-encrypted.json` were recorded with payloads sealed under this fixed test-only
// key; replay reads them through the same codec as production, with the key as a rotated-out one.
const fixtureKey = 'fixture-2026:cQYw8sjUgmvfDC38lPHtRj150FvI0CycOxHazAY2CiI=';
const replayKeys = parsePayloadKeys(`replay-current:${Buffer.alloc(32, 1).toString('base64')},${fixtureKey}`);

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const taskQueue = `leave-workflow-${Date.now()}`;
const calls: { name: string; args: unknown[] }[] = [];
// Holds the closing write of a decision for a while, so a test can race a cancellation against it.
let closingDelayMs = 0;

type Activities = ReturnType<typeof createActivities>;
const recording = new Proxy({} as Activities, {
  get:
    (_target, name: string) =>
    async (...args: unknown[]) => {
      calls.push({ name, args });
      const change = args[0] as { event?: { kind: string }; closing?: unknown };
      const closing = (name === 'recordTaskChange' && change.event?.kind === 'completed') || (name === 'decideLeave' && change.closing);
      if (closing && closingDelayMs > 0) {
        await new Promise((resolve) => setTimeout(resolve, closingDelayMs));
      }
      return name === 'findEscalationTarget'
        ? { kind: 'person', person: { id: 'director', name: 'Dana Director', email: 'dana@example.test', permissions: ['leave:approve'] } }
        : undefined;
    },
});
const activityNames: (keyof Activities)[] = [
  'recordTaskChange',
  'findEscalationTarget',
  'recordLeaveRequest',
  'decideLeave',
  'cancelLeave',
];

const actor = (id: string) => ({
  userId: id,
  name: id,
  email: `${id}@example.test`,
  roles: [],
  departmentId: null,
  permissions: ['leave:approve'],
});
type Change = {
  caseRef: { caseId: string };
  event: { kind: string };
  task: { status: string; holderId: string | null; alsoAllowedIds: string[] };
};
/** Every task change the workflow wrote for a request, the opening and the completion written with the request's own included. */
const changesOf = (requestId: string) =>
  calls
    .map((c) => {
      if (c.name === 'recordTaskChange') return c.args[0];
      if (c.name === 'recordLeaveRequest') return c.args[1];
      if (c.name === 'decideLeave') return (c.args[0] as { closing?: Change }).closing;
      return undefined;
    })
    .filter((change): change is Change => (change as Change | undefined)?.caseRef.caseId === requestId);

const input = (over: Partial<LeaveRequestInput> = {}): LeaveRequestInput => ({
  requestId: crypto.randomUUID(),
  orgId: 'org',
  departmentId: null,
  employee: { id: 'eve', name: 'Eve', email: 'eve@example.test' },
  approver: { id: 'mona', name: 'Mona', email: 'mona@example.test', permissions: ['leave:approve'] },
  leaveType: { code: 'annual', name: 'Annual leave', hasBalance: true },
  span: { startDate: '2030-01-07', endDate: '2030-01-08', startHalfDay: false, endHalfDay: false },
  halfDays: 4,
  year: 2030,
  reason: 'Trip',
  startsAt: new Date(Date.now() + 3000).toISOString(),
  policy: { remindAfterMs: 0, escalateAfterMs: 0 },
  submittedFrom: null,
  ...over,
});

async function start(leave: LeaveRequestInput, options: { client?: Client; taskQueue?: string } = {}) {
  const handle = await (options.client ?? env.client).workflow.start(leaveRequestWorkflow, {
    taskQueue: options.taskQueue ?? taskQueue,
    workflowId: `leave-${leave.requestId}`,
    args: [leave],
  });
  await handle.executeUpdate(submitLeaveUpdate);
  return handle;
}
const complete = (handle: Awaited<ReturnType<typeof start>>, actorId: string, values: Record<string, string>) =>
  handle.executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'approval', actor: actor(actorId), values }] });

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
  bundle = await bundleWorkflows();
});
afterAll(() => env?.teardown());

async function runWithWorker<T>(fn: () => Promise<T>, options: { dataConverter?: DataConverter; taskQueue?: string } = {}): Promise<T> {
  const activities = Object.fromEntries(activityNames.map((n) => [n, recording[n]]));
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue: options.taskQueue ?? taskQueue,
    workflowBundle: bundle,
    activities,
    ...(options.dataConverter ? { dataConverter: options.dataConverter } : {}),
  });
  return worker.runUntil(fn);
}

const sdkMarkerData = /markerRecordedEventAttributes\.details\.(data|patch-data)\./;

/** Payloads in a history as the CLI writes it (proto JSON: bytes in base64), with their decoded bytes. */
function jsonPayloads(value: unknown, path = ''): { path: string; encoding: string; data: string }[] {
  if (typeof value !== 'object' || value === null) return [];
  if ('metadata' in value && 'data' in value) {
    const { metadata, data } = value as { metadata: Record<string, string>; data: string };
    const decode = (base64: string | undefined) => Buffer.from(base64 ?? '', 'base64').toString('latin1');
    return [{ path, encoding: decode(metadata.encoding), data: decode(data) }];
  }
  return Object.entries(value).flatMap(([key, inner]) => jsonPayloads(inner, `${path}.${key}`));
}

const record = (name: string, workflowId: string) => recordHistory(historiesDir, name, workflowId);

describe('leave request workflow', () => {
  it('approves, waits until the leave begins, then closes as taken', async () => {
    await runWithWorker(async () => {
      const leave = input();
      const handle = await start(leave);
      expect(await handle.query(leaveStatusQuery)).toBe('pending');
      await complete(handle, 'mona', { decision: 'approve' });
      expect(await handle.result()).toBe('taken');
      expect(
        calls.filter((c) => (c.args[0] as { input?: LeaveRequestInput })?.input?.requestId === leave.requestId).map((c) => c.name),
      ).toEqual(['decideLeave']);
      // The task's completion went with the decision, not in a write of its own.
      expect(changesOf(leave.requestId).map((c) => c.event.kind)).toEqual(['opened', 'completed']);
      expect(calls.filter((c) => c.name === 'recordTaskChange' && (c.args[0] as Change).caseRef.caseId === leave.requestId)).toEqual([]);
      await record('approved-then-taken', handle.workflowId);
    });
  });

  it('refuses the employee, an unknown actor and an invalid form, then accepts the approver once', async () => {
    await runWithWorker(async () => {
      const handle = await start(input());
      const refusal = (p: Promise<unknown>) =>
        p.then(
          () => undefined,
          (err: WorkflowUpdateFailedError) => (err.cause as { type?: string } | undefined)?.type ?? String(err),
        );
      expect(await refusal(complete(handle, 'eve', { decision: 'approve' }))).toBe('NotAllowed');
      expect(await refusal(complete(handle, 'mallory', { decision: 'approve' }))).toBe('NotAllowed');
      expect(await refusal(complete(handle, 'mona', { decision: 'reject' }))).toBe('InvalidForm');
      expect(await refusal(complete(handle, 'mona', { decision: 'approve', extra: 'x' }))).toBe('InvalidForm');
      await complete(handle, 'mona', { decision: 'reject', comment: 'No cover' });
      // Refused: by the closed task, or by the process that already closed (both are a 409 over HTTP).
      expect(await refusal(complete(handle, 'mona', { decision: 'approve' }))).toMatch(/^(TaskNotOpen|WorkflowNotFoundError)/);
      expect(await handle.result()).toBe('rejected');
      await record('rejected', handle.workflowId);
    });
  });

  it('withdraws the approval task when the employee cancels a pending request', async () => {
    await runWithWorker(async () => {
      const leave = input({ startsAt: new Date(Date.now() + 3_600_000).toISOString() });
      const handle = await start(leave);
      await handle.executeUpdate(cancelLeaveUpdate, { args: [{ actor: { userId: 'eve', name: 'Eve' }, reason: 'Changed plans' }] });
      // The case was cancelled first: a decision after it is refused (the task is withdrawn, or the
      // process already closed; the API answers 409 either way), never a second outcome.
      expect(
        await complete(handle, 'mona', { decision: 'approve' }).then(
          () => 'accepted',
          () => 'refused',
        ),
      ).toBe('refused');
      expect(await handle.result()).toBe('cancelled');
      expect(changesOf(leave.requestId).at(-1)).toMatchObject({ event: { kind: 'cancelled' }, task: { status: 'cancelled' } });
      await record('cancelled-while-pending', handle.workflowId);
    });
  });

  it('reminds, then escalates, and lets the escalation target decide', async () => {
    await runWithWorker(async () => {
      const leave = input({ policy: { remindAfterMs: 300, escalateAfterMs: 600 } });
      const handle = await start(leave);
      const kinds = () => changesOf(leave.requestId).map((c) => c.event.kind);
      for (let waited = 0; kinds().length < 3 && waited < 10_000; waited += 100) await new Promise((r) => setTimeout(r, 100));
      expect(kinds()).toEqual(['opened', 'reminded', 'escalated']);
      expect(changesOf(leave.requestId)[2]!.task).toMatchObject({ holderId: 'director', alsoAllowedIds: ['mona'] });
      expect((await handle.query(tasksQuery))[0]).toMatchObject({ holder: { id: 'director' }, escalationLevel: 1, status: 'open' });
      await complete(handle, 'director', { decision: 'approve' });
      expect(await handle.result()).toBe('taken');
      await record('escalated-then-approved', handle.workflowId);
    });
  });

  it('refuses a cancellation that arrives while the decision is being recorded: the decision stands', async () => {
    await runWithWorker(async () => {
      const leave = input({ startsAt: new Date(Date.now() + 3_600_000).toISOString() });
      const handle = await start(leave);
      closingDelayMs = 1500;
      try {
        const decision = complete(handle, 'mona', { decision: 'reject', comment: 'No cover' });
        // The decision is taken (validated) but its closing write is still in flight.
        for (let waited = 0; !changesOf(leave.requestId).some((c) => c.event.kind === 'completed') && waited < 5000; waited += 50)
          await new Promise((r) => setTimeout(r, 50));
        const cancel = await handle
          .executeUpdate(cancelLeaveUpdate, { args: [{ actor: { userId: 'eve', name: 'Eve' }, reason: 'Too late' }] })
          .then(
            () => 'accepted',
            (err: WorkflowUpdateFailedError) => (err.cause as { type?: string } | undefined)?.type,
          );
        // Refused by the handler (NotCancellable), or by Temporal when the process has already closed
        // (the API answers 409 to both): never accepted.
        expect(cancel).not.toBe('accepted');
        await decision;
      } finally {
        closingDelayMs = 0;
      }
      expect(await handle.result()).toBe('rejected');
      expect(
        calls.some((c) => c.name === 'cancelLeave' && (c.args[0] as { input: LeaveRequestInput }).input.requestId === leave.requestId),
      ).toBe(false);
    });
  });

  it('approves with every payload encrypted, as in production', async () => {
    const dataConverter = payloadDataConverter(parsePayloadKeys(fixtureKey));
    const client = new Client({ connection: env.connection, dataConverter });
    const encryptedQueue = `${taskQueue}-encrypted`;
    await runWithWorker(
      async () => {
        const handle = await start(input({ reason: 'Surgery' }), { client, taskQueue: encryptedQueue });
        await client.workflow
          .getHandle(handle.workflowId)
          .executeUpdate(completeTaskUpdate, { args: [{ taskKey: 'approval', actor: actor('mona'), values: { decision: 'approve' } }] });
        expect(await client.workflow.getHandle(handle.workflowId).result()).toBe('taken');
        await record('approved-then-taken-encrypted', handle.workflowId);
      },
      { dataConverter, taskQueue: encryptedQueue },
    );
  });

  it('replays every recorded history with the current code, encrypted ones through the codec', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json'));
    expect(files.length).toBeGreaterThanOrEqual(10);
    const encrypted = files.filter((f) => f.endsWith('-encrypted.json'));
    expect(encrypted.length).toBeGreaterThanOrEqual(2);
    for (const file of files) {
      const text = await readFile(`${historiesDir}${file}`, 'utf8');
      if (encrypted.includes(file)) {
        // The fixture holds ciphertext only: every payload is sealed but the search attributes and the
        // SDK's own marker bookkeeping (patch ids, local activity ids and times), which no codec sees.
        const payloads = jsonPayloads(JSON.parse(text));
        const sealed = payloads.filter(({ path }) => !path.includes('searchAttributes') && !sdkMarkerData.test(path));
        expect(sealed.length).toBeGreaterThan(5);
        expect(sealed.filter(({ encoding }) => encoding !== encryptedEncoding)).toEqual([]);
        expect(payloads.map(({ data }) => data).join('\n')).not.toMatch(/example\.test|Surgery|Eve|Mona/);
      }
      await Worker.runReplayHistory(
        { workflowBundle: bundle, dataConverter: payloadDataConverter(replayKeys) },
        JSON.parse(text),
        `replay-${file}`,
      );
    }
  });
});
