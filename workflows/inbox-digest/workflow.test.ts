import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { WorkflowHandle } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils.js';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { bundleWorkflows } from '../../temporal/worker.ts';
import { eventually } from '../../tests/harness.ts';
import type { InboxDigestInput } from './messages.ts';
import { inboxDigestWorkflow } from './workflow.ts';

// Which instant a digest run stands for, on the real Temporal server with an activity that only
// records what it was asked (tests/inbox-digest.test.ts runs the real one). Recorded histories in
// ./histories are replayed against the current code; `RECORD_HISTORIES=1` re-records them.

const historiesDir = fileURLToPath(new URL('./histories/', import.meta.url));
const taskQueue = `inbox-digest-workflow-${Date.now()}`;
let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const asked: Required<InboxDigestInput>[] = [];

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
  bundle = await bundleWorkflows();
});
afterAll(() => env?.teardown());

async function runWithWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: {
      async sendInboxDigests(input: Required<InboxDigestInput>) {
        asked.push(input);
        return { readers: 0, sent: 0 };
      },
    },
  });
  return worker.runUntil(fn);
}

async function record(name: string, handle: WorkflowHandle) {
  if (!process.env.RECORD_HISTORIES) return;
  await mkdir(historiesDir, { recursive: true });
  await writeFile(`${historiesDir}${name}.json`, historyToJSON(await handle.fetchHistory()));
}

describe('inbox digest workflow', () => {
  it('stands for the instant it is given', async () => {
    await runWithWorker(async () => {
      const at = '2030-01-07T06:00:00.000Z';
      const handle = await env.client.workflow.start(inboxDigestWorkflow, {
        taskQueue,
        workflowId: `inbox-digest-org-${crypto.randomUUID()}`,
        args: [{ orgId: 'org', at }],
      });
      expect(await handle.result()).toEqual({ readers: 0, sent: 0 });
      expect(asked.at(-1)).toEqual({ orgId: 'org', at });
      await record('given-instant', handle);
    });
  });

  it('started by its schedule, stands for the instant its run started, not the schedule’s time cut to the second', async () => {
    await runWithWorker(async () => {
      const schedule = await env.client.schedule.create({
        scheduleId: `inbox-digest-test-${crypto.randomUUID()}`,
        spec: { calendars: [{ month: 'JANUARY', dayOfMonth: 1, hour: 7 }], timezone: 'Europe/Berlin' },
        action: { type: 'startWorkflow', workflowType: inboxDigestWorkflow, taskQueue, args: [{ orgId: 'org' }] },
      });
      try {
        await schedule.trigger();
        const action = await eventually(async () => (await schedule.describe()).info.recentActions[0]);
        const handle = env.client.workflow.getHandle(action.action.workflow.workflowId);
        await handle.result();
        const { at } = asked.at(-1)!;
        // The schedule's own time (TemporalScheduledStartTime) is kept to the second: the trigger's
        // second here. A notice written later in that second must fall inside this digest's window.
        expect(at).toBe((await handle.describe()).startTime.toISOString());
        expect(new Date(at).getTime()).toBeGreaterThanOrEqual(action.scheduledAt.getTime());
        await record('scheduled-run', handle);
      } finally {
        await schedule.delete();
      }
    });
  });

  it('replays every recorded history with the current code', async () => {
    const files = (await readdir(historiesDir)).filter((f) => f.endsWith('.json'));
    expect(files.sort()).toEqual(['given-instant.json', 'scheduled-run.json']);
    for (const file of files) {
      await Worker.runReplayHistory(
        { workflowBundle: bundle },
        JSON.parse(await readFile(`${historiesDir}${file}`, 'utf8')),
        `replay-${file}`,
      );
    }
  });
});
