import { ApplicationFailure, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { CaseStage, CaseStatus } from '../../temporal/search-attributes.ts';
import { reviewForm, workForm } from './forms.ts';
import { EngagementFailure, logTimeUpdate, startWorkUpdate, workItemControlSignal, type WorkItemInput } from './messages.ts';
import { engagementActivity, engagementSteps } from './case.ts';
import { CaseCancelled } from './pausable-steps.ts';
import { slaTimes } from './sla.ts';

type WorkItemStatus = 'todo' | 'in_progress' | 'review' | 'done';

export type WorkItemOutcome = { key: string; status: 'done'; loggedMinutes: number } | { key: string; status: 'cancelled' };

const refuse = (type: string, message: string) => ApplicationFailure.create({ type, message, nonRetryable: true });

/**
 * One work item of an engagement, To-Do → In progress → Review → Done: the assignee works on it
 * (and logs time), the team lead reviews it and may return it with findings (a new round of the
 * work). Its tasks are filed under the engagement's case.
 */
export async function engagementWorkItemWorkflow(input: WorkItemInput): Promise<WorkItemOutcome> {
  const { item, round } = input;
  let status = 'todo' as WorkItemStatus | 'cancelled';
  let loggedMinutes = 0;
  const { tasks, steps } = engagementSteps(input);
  const itemRef = { engagementId: input.engagementId, key: item.key, round };
  const moveTo = async (next: WorkItemStatus) => {
    status = next;
    upsertSearchAttributes([{ key: CaseStatus, value: next }]);
    await engagementActivity('setWorkItemStatus', `Item ${item.key}: ${next}`, [{ ...itemRef, status: next }]);
  };

  const ensureAssignee = (userId: string) => {
    if (userId !== input.assignee.id) throw refuse(EngagementFailure.notAllowed, 'Only the person this item is given to may work on it.');
    if (status === 'done' || status === 'cancelled') throw refuse(EngagementFailure.wrongStage, `This item is ${status}.`);
  };
  setHandler(workItemControlSignal, ({ command, reason }) => {
    if (command === 'hold') steps.hold(reason);
    else if (command === 'resume') steps.resume();
    else steps.cancel(reason);
  });
  setHandler(
    startWorkUpdate,
    async () => {
      if (status === 'todo') await moveTo('in_progress');
      return { status };
    },
    { validator: ({ actor }) => ensureAssignee(actor.userId) },
  );
  setHandler(
    logTimeUpdate,
    async (entry) => {
      if (status === 'todo') await moveTo('in_progress');
      loggedMinutes = await engagementActivity('recordTimeEntry', `Item ${item.key}: ${entry.minutes} min logged`, [
        {
          engagementId: input.engagementId,
          orgId: input.orgId,
          key: item.key,
          userId: entry.actor.userId,
          minutes: entry.minutes,
          loggedOn: entry.loggedOn,
          note: entry.note,
          entryKey: entry.entryKey,
        },
      ]);
      return { loggedMinutes };
    },
    {
      validator: ({ actor, minutes }) => {
        ensureAssignee(actor.userId);
        if (!Number.isInteger(minutes) || minutes < 1 || minutes > 24 * 60)
          throw refuse(EngagementFailure.invalid, 'Log between 1 minute and 24 hours at a time.');
      },
    },
  );

  upsertSearchAttributes([
    { key: CaseStage, value: 'execution' },
    { key: CaseStatus, value: 'todo' },
  ]);
  const fields = { clientName: input.clientName, workItem: item.title };
  const step = (name: string) => `item:${item.key}:r${round}/${name}`;
  try {
    let findings = input.findings;
    for (;;) {
      await steps.decide({
        step: step('work'),
        kind: 'engagement-work',
        title: `Work on: ${item.title}`,
        form: workForm,
        permission: 'work:do',
        assignee: input.assignee,
        note: findings,
        priority: item.priority,
        ...slaTimes(input.slaHours),
        fields,
      });
      await moveTo('review');
      const review = await steps.decide({
        step: step('review'),
        kind: 'engagement-review',
        title: `Review: ${item.title}`,
        form: reviewForm,
        permission: 'work:plan',
        queue: { role: 'team_lead', label: input.reviewQueueLabel },
        excludedIds: [input.assignee.id],
        priority: item.priority,
        ...slaTimes(input.slaHours),
        fields,
      });
      if (review.values.decision === 'approve') break;
      findings = (review.values.findings as string | undefined) ?? null;
      await moveTo('in_progress');
    }
    await moveTo('done');
  } catch (err) {
    if (!(err instanceof CaseCancelled)) throw err;
    status = 'cancelled';
  }
  await condition(() => tasks.settled());
  return status === 'done' ? { key: item.key, status: 'done', loggedMinutes } : { key: item.key, status: 'cancelled' };
}
