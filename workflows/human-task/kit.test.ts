import { fileURLToPath } from 'node:url';
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker, bundleWorkflowCode, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import type { EscalationFound, TaskChange } from '../../activities/tasks.ts';
import { quietBundlerLogger } from '../../temporal/worker.ts';
import { kitDrillWorkflow, drillPhaseQuery, rolloverSignal, type DrillInput } from './drill/workflow.ts';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  holderReturnedSignal,
  delegateTaskUpdate,
  moveTaskDueUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
  tasksQuery,
  type Actor,
  type Assignee,
} from './messages.ts';

// The kit on the real Temporal server, through a test-only process that uses every feature; its
// activities only record what they were asked (the real ones are exercised by tests/*).

let env: TestWorkflowEnvironment;
let bundle: WorkflowBundleWithSourceMap;
const taskQueue = `kit-drill-${Date.now()}`;
const changes: (TaskChange & { workflowId: string })[] = [];
/** What the next escalation look-ups find, in order; a look-up with a gate answers only once the test opens it. */
const escalations: { found: EscalationFound; gate?: Promise<void> }[] = [];
let lookupsStarted = 0;

const actor = (id: string, over: Partial<Actor> = {}): Actor => ({
  userId: id,
  name: id,
  email: `${id}@example.test`,
  roles: [],
  departmentId: null,
  permissions: ['drill:decide', 'tasks:reassign'],
  ...over,
});
const person = (id: string): Assignee => ({ id, name: id, email: `${id}@example.test`, permissions: ['drill:decide'] });
const qa = (id: string) => actor(id, { roles: ['qa'] });
const reviewer = (id: string) => actor(id, { roles: ['reviewer'] });

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function until<T>(probe: () => T | Promise<T>, what: string, timeoutMs = 10_000): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value as NonNullable<T>;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await pause(50);
  }
}

const refusal = (p: Promise<unknown>) =>
  p.then(
    () => 'accepted',
    (err: WorkflowUpdateFailedError) =>
      err instanceof WorkflowNotFoundError ? 'ProcessClosed' : ((err.cause as { type?: string } | undefined)?.type ?? String(err)),
  );

function drillInput(over: Partial<DrillInput> = {}): DrillInput {
  return {
    caseRef: {
      orgId: 'org',
      caseType: 'drill',
      caseId: crypto.randomUUID(),
      subjectId: 'initiator',
      processOwners: { role: 'process_owner', label: 'Process owners' },
    },
    queue: { role: 'qa', label: 'QA' },
    reviewQueue: { role: 'reviewer', label: 'Reviewers' },
    checker: person('checker'),
    checkDueInMs: 60_000,
    checkLadder: [],
    ...over,
  };
}

async function startDrill(input: DrillInput) {
  return env.client.workflow.start(kitDrillWorkflow, { taskQueue, workflowId: `drill-${input.caseRef.caseId}`, args: [input] });
}

type Drill = WorkflowHandle<typeof kitDrillWorkflow>;
const changesOf = (drill: Drill) => changes.filter((c) => c.workflowId === drill.workflowId);
/** A task's changes in the order the workflow made them: activities may finish out of order, versions may not. */
const kindsOf = (drill: Drill, key: string) =>
  changesOf(drill)
    .filter((c) => c.task.key === key)
    .sort((a, b) => a.task.version - b.task.version)
    .map((c) => c.event.kind);
const taskOf = async (drill: Drill, key: string) => (await drill.query(tasksQuery)).find((t) => t.key === key);
const complete = (drill: Drill, taskKey: string, who: Actor, values: Record<string, unknown> = { decision: 'pass' }) =>
  drill.executeUpdate(completeTaskUpdate, { args: [{ taskKey, actor: who, values }] });

/** Intake claimed and passed, then two of the three reviews: the drill reaches its check. */
async function throughReview(drill: Drill) {
  await until(() => taskOf(drill, 'intake'), 'the intake task');
  await drill.executeUpdate(claimTaskUpdate, { args: [{ taskKey: 'intake', actor: qa('quinn') }] });
  await complete(drill, 'intake', qa('quinn'));
  await until(() => taskOf(drill, 'review/b'), 'the reviews');
  await complete(drill, 'review/a', reviewer('rita'));
  await complete(drill, 'review/b', reviewer('rob'));
  await until(() => taskOf(drill, 'check'), 'the check task');
}

beforeAll(async () => {
  env = await TestWorkflowEnvironment.createFromExistingServer({ address: inject('temporalAddress') });
  bundle = await bundleWorkflowCode({
    workflowsPath: fileURLToPath(new URL('./drill/index.ts', import.meta.url)),
    logger: quietBundlerLogger,
  });
});
afterAll(() => env?.teardown());

async function withWorker<T>(fn: () => Promise<T>): Promise<T> {
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: bundle,
    activities: {
      async recordTaskChange(change: TaskChange) {
        changes.push({ ...change, workflowId: Context.current().info.workflowExecution!.workflowId });
      },
      async findEscalationTarget(): Promise<EscalationFound> {
        lookupsStarted++;
        const next = escalations.shift() ?? { found: null };
        await next.gate;
        return next.found;
      },
    },
  });
  return worker.runUntil(fn);
}

describe('the human-task kit', () => {
  it('offers a queued task to every candidate until one claims it: one winner, the others a conflict', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await until(() => taskOf(drill, 'intake'), 'the intake task');
      expect(await refusal(drill.executeUpdate(claimTaskUpdate, { args: [{ taskKey: 'intake', actor: reviewer('rita') }] }))).toBe(
        'NotAllowed',
      );
      const claims = await Promise.all(
        ['quinn', 'quentin', 'queenie'].map((id) =>
          refusal(drill.executeUpdate(claimTaskUpdate, { args: [{ taskKey: 'intake', actor: qa(id) }] })),
        ),
      );
      expect(claims.sort()).toEqual(['TaskConflict', 'TaskConflict', 'accepted']);
      const holder = (await taskOf(drill, 'intake'))!.holder!.id;
      // Handed back, it is everyone's again.
      await drill.executeUpdate(releaseTaskUpdate, { args: [{ taskKey: 'intake', actor: qa(holder) }] });
      expect((await taskOf(drill, 'intake'))!.holder).toBeNull();
      expect(kindsOf(drill, 'intake')).toEqual(['opened', 'claimed', 'released']);
      expect(changesOf(drill).at(-1)!.task).toMatchObject({ holderId: null, queue: { role: 'qa' } });
      await complete(drill, 'intake', qa('queenie'));
      expect((await taskOf(drill, 'intake'))!.status).toBe('completed');
      await drill.terminate();
    });
  });

  it('joins parallel reviews two of three, with two different people, and withdraws the third', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await until(() => taskOf(drill, 'intake'), 'the intake task');
      await complete(drill, 'intake', qa('quinn'));
      await until(() => taskOf(drill, 'review/c'), 'the reviews');
      await complete(drill, 'review/a', reviewer('rita'));
      // Four eyes: Rita decided one half already.
      expect(await refusal(complete(drill, 'review/b', reviewer('rita')))).toBe('NotAllowed');
      await complete(drill, 'review/b', reviewer('rob'));
      await until(async () => (await taskOf(drill, 'review/c'))?.status === 'cancelled', 'the third review withdrawn');
      expect(await refusal(complete(drill, 'review/c', reviewer('ruth')))).toBe('TaskNotOpen');
      await until(async () => (await drill.query(drillPhaseQuery)) === 'check', 'the check');
      await drill.terminate();
    });
  });

  it('sends a case back to an earlier step as a new round, keeping the first round', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await throughReview(drill);
      expect(await refusal(complete(drill, 'check', actor('checker'), { decision: 'send-back' }))).toBe('InvalidForm');
      await complete(drill, 'check', actor('checker'), { decision: 'send-back', reason: 'missing invoice' });
      const second = await until(() => taskOf(drill, 'intake#2'), 'intake round 2');
      expect(second).toMatchObject({ round: 2, status: 'open', holder: null });
      expect((await taskOf(drill, 'intake'))!.status).toBe('completed');
      const opened = await until(() => changesOf(drill).find((c) => c.task.key === 'intake#2'), 'intake round 2 recorded');
      expect(opened.task.note).toBe('Sent back: missing invoice');
      await complete(drill, 'intake#2', qa('quinn'));
      await until(() => taskOf(drill, 'review/a#2'), 'review round 2');
      await complete(drill, 'review/a#2', reviewer('rita'));
      await complete(drill, 'review/c#2', reviewer('ruth'));
      await until(() => taskOf(drill, 'check#2'), 'check round 2');
      await complete(drill, 'check#2', actor('checker'));
      expect(await drill.result()).toEqual({ sendBacks: 1 });
    });
  });

  it('lets the holder delegate: the delegate resolves, and only then does the holder complete', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await throughReview(drill);
      const delegate = (to: Assignee) =>
        drill.executeUpdate(delegateTaskUpdate, { args: [{ taskKey: 'check', actor: actor('checker'), to, reason: 'figures' }] });
      expect(await refusal(delegate({ ...person('dee'), permissions: [] }))).toBe('InvalidAssignee');
      await delegate(person('dee'));
      expect(await refusal(complete(drill, 'check', actor('checker')))).toBe('TaskConflict');
      expect(
        await refusal(drill.executeUpdate(resolveTaskUpdate, { args: [{ taskKey: 'check', actor: actor('eve'), comment: null }] })),
      ).toBe('NotAllowed');
      await drill.executeUpdate(resolveTaskUpdate, { args: [{ taskKey: 'check', actor: actor('dee'), comment: 'figures fine' }] });
      expect(await refusal(complete(drill, 'check', actor('dee')))).toBe('NotAllowed');
      await complete(drill, 'check', actor('checker'));
      expect(kindsOf(drill, 'check')).toEqual(['opened', 'delegated', 'resolved', 'completed']);
      expect(await drill.result()).toEqual({ sendBacks: 0 });
    });
  });

  it('never hands a task to, or lets it be decided by, someone without its permission or who started the case', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await throughReview(drill);
      const reassign = (to: Assignee, by = actor('hr')) =>
        refusal(drill.executeUpdate(reassignTaskUpdate, { args: [{ taskKey: 'check', actor: by, to, reason: null }] }));
      expect(await reassign({ ...person('plain'), permissions: [] })).toBe('InvalidAssignee');
      expect(await reassign(person('initiator'))).toBe('InvalidAssignee');
      expect(await reassign(person('other'), actor('hr', { permissions: ['drill:decide'] }))).toBe('NotAllowed');
      expect(await refusal(complete(drill, 'check', actor('checker', { permissions: [] })))).toBe('NotAllowed');
      expect(await reassign(person('other'))).toBe('accepted');
      expect(await refusal(complete(drill, 'check', actor('checker')))).toBe('NotAllowed');
      await complete(drill, 'check', actor('other'));
      await drill.result();
    });
  });

  it('gives a task held by a stand-in back when the absence ends, and at once when the person returns early', async () => {
    await withWorker(async () => {
      const away = person('away-checker');
      const timed = await startDrill(
        // Far enough ahead that the early return below is seen first even on a loaded machine.
        drillInput({ checkerStandingInFor: { person: away, backAt: new Date(Date.now() + 15_000).toISOString() } }),
      );
      const early = await startDrill(
        drillInput({ checkerStandingInFor: { person: away, backAt: new Date(Date.now() + 3_600_000).toISOString() } }),
      );
      await Promise.all([throughReview(timed), throughReview(early)]);
      for (const drill of [timed, early]) {
        expect(changesOf(drill).find((c) => c.task.key === 'check')!.task).toMatchObject({
          holderId: 'checker',
          standingInForId: 'away-checker',
        });
      }
      await early.signal(holderReturnedSignal, { userId: 'away-checker' });
      await until(() => kindsOf(early, 'check').includes('reassigned'), 'the early return');
      expect(kindsOf(timed, 'check')).toEqual(['opened']);
      await until(() => kindsOf(timed, 'check').includes('reassigned'), 'the return at the end of the absence', 30_000);
      for (const drill of [timed, early]) {
        const back = changesOf(drill)
          .filter((c) => c.task.key === 'check')
          .at(-1)!;
        expect(back.task).toMatchObject({ holderId: 'away-checker', standingInForId: null });
        expect(back.event.note).toBe('away-checker is back; returned from checker.');
        expect((await taskOf(drill, 'check'))!.holder?.id).toBe('away-checker');
        await complete(drill, 'check', actor('away-checker'));
        await drill.result();
      }
    });
  });

  it('re-arms its reminder from a moved due time, and escalates twice: up the line, then to the process owners', async () => {
    await withWorker(async () => {
      escalations.push({ found: { kind: 'person', person: person('lead') } }, { found: null });
      const drill = await startDrill(
        drillInput({
          // Room for the due-time move to arrive first, even on a loaded machine.
          checkDueInMs: 3000,
          checkLadder: [
            { afterDueMs: 0, action: 'remind' },
            { afterDueMs: 1000, action: 'escalate' },
            { afterDueMs: 2000, action: 'escalate' },
          ],
        }),
      );
      await throughReview(drill);
      const opened = Date.now();
      const dueAt = new Date(Date.now() + 5000).toISOString();
      await drill.executeUpdate(moveTaskDueUpdate, {
        args: [{ taskKey: 'check', actor: actor('hr'), dueAt, reason: 'waiting for figures' }],
      });
      await pause(3500 - (Date.now() - opened));
      // The first due time passed: no reminder, because it moved.
      expect(kindsOf(drill, 'check')).toEqual(['opened', 'due_moved']);
      await until(() => kindsOf(drill, 'check').includes('reminded'), 'the reminder at the new due time', 8000);
      await until(() => kindsOf(drill, 'check').filter((k) => k === 'escalated').length === 2, 'two escalations', 8000);
      const [first, second] = changesOf(drill).filter((c) => c.event.kind === 'escalated');
      expect(first!.task).toMatchObject({ holderId: 'lead', alsoAllowedIds: ['checker'], escalationLevel: 1 });
      expect(second!.task).toMatchObject({ holderId: null, queue: { role: 'process_owner' }, escalationLevel: 2 });
      expect(second!.event.note).toMatch(/sent to Process owners/);
      await complete(drill, 'check', actor('owner', { roles: ['process_owner'] }));
      await drill.result();
    });
  });

  it('lets a reassignment win over an escalation that finishes after it', async () => {
    await withWorker(async () => {
      let openGate = () => {};
      const gate = new Promise<void>((resolve) => (openGate = resolve));
      escalations.push({ found: { kind: 'person', person: person('lead') }, gate });
      const before = lookupsStarted;
      const drill = await startDrill(drillInput({ checkDueInMs: 500, checkLadder: [{ afterDueMs: 0, action: 'escalate' }] }));
      await throughReview(drill);
      await until(() => lookupsStarted > before, "the escalation's look-up under way");
      await drill.executeUpdate(reassignTaskUpdate, { args: [{ taskKey: 'check', actor: actor('hr'), to: person('hana'), reason: null }] });
      openGate();
      // The look-up's answer reaches the workflow after the reassignment; give it time to be (not) applied.
      await pause(1500);
      expect((await taskOf(drill, 'check'))!.holder!.id).toBe('hana');
      expect(kindsOf(drill, 'check')).toEqual(['opened', 'reassigned']);
      const rows = changesOf(drill).filter((c) => c.task.key === 'check');
      // What the row ends up with: the newest version, which is Hana's.
      const newest = rows.reduce((a, b) => (b.task.version > a.task.version ? b : a));
      expect(newest.task.holderId).toBe('hana');
      await complete(drill, 'check', actor('hana'));
      await drill.result();
    });
  });

  it('gives exactly one winner between a completion and a reassignment', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput());
      await throughReview(drill);
      const answers = await Promise.all([
        refusal(complete(drill, 'check', actor('checker'))),
        refusal(
          drill.executeUpdate(reassignTaskUpdate, { args: [{ taskKey: 'check', actor: actor('hr'), to: person('hana'), reason: null }] }),
        ),
      ]);
      expect(answers.filter((a) => a === 'accepted')).toHaveLength(1);
      // A completion that won may also have closed the process (it runs to its end in the same
      // workflow task now that the kit's writes are local activities): the loser then finds it closed.
      const loser = answers.find((a) => a !== 'accepted')!;
      if (answers[0] === 'accepted') expect(['TaskNotOpen', 'ProcessClosed']).toContain(loser);
      else expect(loser).toBe('NotAllowed');
      // When the reassignment won, the task is Hana's alone.
      if (answers[1] === 'accepted') await complete(drill, 'check', actor('hana'));
      await drill.result();
    });
  });

  it('continues as new with its check open, and the same task is decided in the new run', async () => {
    await withWorker(async () => {
      const drill = await startDrill(drillInput({ checkDueInMs: 60_000, checkLadder: [{ afterDueMs: 0, action: 'remind' }] }));
      await throughReview(drill);
      const firstRun = (await drill.describe()).runId;
      await drill.signal(rolloverSignal);
      await until(async () => (await drill.describe()).runId !== firstRun, 'the new run');
      expect(await taskOf(drill, 'check')).toMatchObject({ status: 'open', holder: { id: 'checker' }, version: 1 });
      expect((await taskOf(drill, 'intake'))!.status).toBe('completed');
      await complete(drill, 'check', actor('checker'));
      expect(await drill.result()).toEqual({ sendBacks: 0 });
      expect(kindsOf(drill, 'check')).toEqual(['opened', 'completed']);
    });
  });
});
