// A test-only process that exercises every part of the kit (workflows/human-task/kit.test.ts).
import { allHandlersFinished, condition, continueAsNew, defineQuery, defineSignal, setHandler } from '@temporalio/workflow';
import type { TaskForm } from '../form.ts';
import { HumanTaskKit, type CaseRef, type KitState } from '../kit.ts';
import type { Assignee } from '../messages.ts';
import type { LadderRung, StandingInFor, TaskQueue } from '../state.ts';

export type DrillPhase = 'intake' | 'review' | 'check' | 'done';

export interface DrillInput {
  caseRef: CaseRef;
  /** Intake waits here until one of its members claims it. */
  queue: TaskQueue;
  /** Review is three parallel tasks, two of which must agree; each a different person (four eyes). */
  reviewQueue: TaskQueue;
  checker: Assignee;
  /** The checker stands in for this person, who is away. */
  checkerStandingInFor?: StandingInFor;
  checkDueInMs: number;
  checkLadder: LadderRung[];
  saved?: { kit: KitState; phase: DrillPhase; sendBacks: number };
}

export const rolloverSignal = defineSignal('rollover');
export const drillPhaseQuery = defineQuery<DrillPhase>('drillPhase');

const decisionForm: TaskForm = {
  fields: [
    {
      name: 'decision',
      label: 'Decision',
      type: 'choice',
      required: true,
      options: [
        { value: 'pass', label: 'Pass' },
        { value: 'send-back', label: 'Send back' },
      ],
    },
    {
      name: 'reason',
      label: 'Reason',
      type: 'text',
      required: false,
      maxLength: 500,
      requiredWhen: { field: 'decision', equals: 'send-back' },
    },
  ],
};

export async function kitDrillWorkflow(input: DrillInput): Promise<{ sendBacks: number }> {
  const kit = new HumanTaskKit(input.caseRef, input.saved?.kit);
  let phase: DrillPhase = input.saved?.phase ?? 'intake';
  let sendBacks = input.saved?.sendBacks ?? 0;
  let sendBackReason: string | null = null;
  let rollover = false;
  setHandler(rolloverSignal, () => {
    rollover = true;
  });
  setHandler(drillPhaseQuery, () => phase);

  /** The step's open round (after continue-as-new), else a fresh one. */
  const current = async (step: string, open: () => Promise<string>) => {
    const latest = kit.latestKey(step);
    return latest && kit.isOpen(latest) ? latest : open();
  };

  while (phase !== 'done') {
    if (phase === 'intake') {
      const key = await current('intake', () =>
        kit.open({
          step: 'intake',
          kind: 'drill-intake',
          title: 'Intake',
          form: decisionForm,
          permission: 'drill:decide',
          queue: input.queue,
          note: sendBackReason,
        }),
      );
      await kit.wait(key);
      phase = 'review';
    } else if (phase === 'review') {
      await kit.join(
        ['a', 'b', 'c'].map((part) => ({
          step: 'review',
          part,
          kind: 'drill-review',
          title: `Review ${part}`,
          form: decisionForm,
          permission: 'drill:decide',
          queue: input.reviewQueue,
          fourEyesGroup: 'review',
        })),
        2,
      );
      phase = 'check';
    } else {
      const key = await current('check', () =>
        kit.open({
          step: 'check',
          kind: 'drill-check',
          title: 'Check',
          form: decisionForm,
          permission: 'drill:decide',
          assignee: input.checker,
          standingInFor: input.checkerStandingInFor,
          excludedIds: [input.caseRef.subjectId],
          dueInMs: input.checkDueInMs,
          ladder: input.checkLadder,
        }),
      );
      await condition(() => rollover || !kit.isOpen(key));
      if (kit.isOpen(key)) {
        // A long case keeps a small history: start afresh with the kit's state, its task still open.
        await condition(() => allHandlersFinished() && kit.settled());
        return continueAsNew<typeof kitDrillWorkflow>({ ...input, saved: { kit: kit.state(), phase, sendBacks } });
      }
      const result = await kit.wait(key);
      if (result.status === 'completed' && result.completion.values.decision === 'send-back') {
        sendBacks++;
        sendBackReason = `Sent back: ${String(result.completion.values.reason)}`;
        phase = 'intake';
      } else {
        phase = 'done';
      }
    }
  }
  await condition(allHandlersFinished);
  return { sendBacks };
}
