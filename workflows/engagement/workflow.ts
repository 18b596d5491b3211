import {
  allHandlersFinished,
  ApplicationFailure,
  condition,
  setHandler,
  startChild,
  upsertSearchAttributes,
  type ChildWorkflowHandle,
} from '@temporalio/workflow';
import { addCalendarDays, startOfDayIn, todayIn } from '../../domain/calendar.ts';
import { formatMinorUnits } from '../../domain/money.ts';
import { quoteProblems, quoteTotals } from '../../domain/quote.ts';
import { planProblems, readyToStart, type PlannedItem } from '../../domain/work-plan.ts';
import { CaseStage, CaseStatus, CaseType, OrgId } from '../../temporal/search-attributes.ts';
import type { Actor, Assignee, TaskCompletion } from '../human-task/messages.ts';
import type { TaskQueue, TaskSpec } from '../human-task/state.ts';
import {
  acceptanceForm,
  breakdownForm,
  clientAnswerForm,
  departmentApprovalForm,
  onboardingForm,
  prepareQuoteForm,
  qaForm,
  qualificationForm,
  quoteApprovalForm,
  validationForm,
} from './forms.ts';
import {
  answerDeliveryUpdate,
  answerQuoteUpdate,
  cancelEngagementUpdate,
  captureLeadUpdate,
  EngagementFailure,
  engagementStateQuery,
  followUpNowUpdate,
  holdEngagementUpdate,
  resumeEngagementUpdate,
  submitQuoteUpdate,
  submitWorkPlanUpdate,
  workItemControlSignal,
  workItemWorkflowId,
  type DeliveryAnswerInput,
  type EngagementInput,
  type EngagementStage,
  type EngagementState,
  type EngagementStatus,
  type ManageInput,
  type QuoteAnswerInput,
} from './messages.ts';
import { engagementActivity, engagementSteps } from './case.ts';
import { CaseCancelled } from './pausable-steps.ts';
import { slaTimes } from './sla.ts';
import { engagementWorkItemWorkflow, type WorkItemOutcome } from './work-item.ts';

// `as const`: this module is shared by every workflow of a worker (preloaded), so nothing may change these.
const queues = {
  closers: { role: 'sales_closer', label: 'Sales closers' },
  agents: { role: 'sales_agent', label: 'Sales agents' },
  salesManagers: { role: 'sales_manager', label: 'Sales managers' },
  supportAgents: { role: 'support_agent', label: 'Support agents' },
  supportManagers: { role: 'support_manager', label: 'Support managers' },
  teamLeads: { role: 'team_lead', label: 'Team leads' },
  qa: { role: 'qa', label: 'QA' },
} as const satisfies Record<string, TaskQueue>;

const refuse = (type: string, message: string, details?: unknown) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });

const assigneeOf = (actor: Actor): Assignee => ({ id: actor.userId, name: actor.name, email: actor.email, permissions: actor.permissions });

const money = formatMinorUnits;

const text = (value: unknown): string | null => (typeof value === 'string' && value.trim() ? value.trim() : null);

/**
 * A client's journey, one workflow per engagement: qualification (with follow-up timers), the
 * quote (approved above the organisation's limit, answered by the client through an e-mailed
 * link or recorded by staff), conversion to a client, onboarding and its validation, every
 * needed department's approval in parallel, the work breakdown, each work item as a child
 * workflow in dependency order, QA, and the client's acceptance. A manager may hold, resume or
 * cancel it at any point; send-backs open new rounds, so the history keeps every one.
 */
export async function engagementWorkflow(input: EngagementInput): Promise<EngagementState> {
  const { policy } = input;
  let stage: EngagementStage = 'qualification';
  let status: EngagementStatus = 'open';
  let recorded = false;
  let clientName = input.lead.company ?? input.lead.contactName;
  let clientId: string | undefined;
  let portalUserId: string | null = null;
  const rounds = new Map<EngagementStage, number>([['qualification', 1]]);
  let manageEvents = 0;
  let cancelledBy: string | null = null;
  let followUpNowBy: string | null = null;
  const { tasks, steps } = engagementSteps(input);
  const state = (): EngagementState => ({ stage, status });

  let quoteVersion = 0;
  let latestQuote: { version: number; totalMinor: number; needsApproval: boolean; preparedById: string } | null = null;
  let quoteAnswer: QuoteAnswerInput | null = null;
  const plan: PlannedItem[] = [];
  const assignees = new Map<string, Assignee>();
  let deliveryAnswer: DeliveryAnswerInput | null = null;
  const runningItems = new Map<string, ChildWorkflowHandle<typeof engagementWorkItemWorkflow>>();

  const fields = () => ({
    clientName,
    serviceCategory: input.lead.serviceCategory,
    value: latestQuote ? money(latestQuote.totalMinor, input.lead.currency) : null,
  });
  const sla = (s: EngagementStage) => slaTimes(policy.slaHours[s]);

  const record = (
    next: EngagementStage,
    extra: {
      note?: string | null;
      actorId?: string | null;
      status?: EngagementStatus;
      closedReason?: string | null;
      eventKey?: string;
    } = {},
  ) => {
    const round = extra.eventKey ? (rounds.get(next) ?? 1) : (rounds.get(next) ?? 0) + 1;
    if (!extra.eventKey) rounds.set(next, round);
    stage = next;
    status = extra.status ?? status;
    upsertSearchAttributes([
      { key: CaseStage, value: next },
      { key: CaseStatus, value: status },
    ]);
    return engagementActivity('enterStage', `Engagement: ${next} (${status})`, [
      {
        engagementId: input.engagementId,
        orgId: input.orgId,
        stage: next,
        round,
        status,
        note: extra.note ?? null,
        actorId: extra.actorId ?? null,
        at: new Date().toISOString(),
        closedReason: extra.closedReason ?? null,
        eventKey: extra.eventKey,
      },
    ]);
  };
  const moveTo = (next: EngagementStage, extra: { note?: string | null; actorId?: string | null } = {}) => record(next, extra);

  const ensureStep = (expected: EngagementStage, base: string, actor: Actor) => {
    if (stage !== expected) throw refuse(EngagementFailure.wrongStage, `The engagement is at ${stage}, not ${expected}.`);
    const key = tasks.latestKey(base);
    if (!key || !tasks.isOpen(key)) throw refuse(EngagementFailure.wrongStage, 'That step is not open (the engagement may be on hold).');
    tasks.ensureMayComplete(key, actor);
    return key;
  };
  const ensureManager = ({ actor }: ManageInput) => {
    if (!actor.permissions.includes('engagements:manage'))
      throw refuse(EngagementFailure.notAllowed, 'You may not hold, resume or cancel engagements.');
  };
  const tellItems = async (command: 'hold' | 'resume' | 'cancel', reason: string | null) => {
    for (const handle of runningItems.values()) await handle.signal(workItemControlSignal, { command, reason });
  };

  setHandler(engagementStateQuery, state);
  setHandler(captureLeadUpdate, async () => {
    await condition(() => recorded);
    return state();
  });
  setHandler(
    submitQuoteUpdate,
    async ({ actor, lines }) => {
      const key = tasks.latestKey('quote')!;
      const version = ++quoteVersion;
      const { totalMinor } = quoteTotals(lines);
      const needsApproval = totalMinor > policy.quoteApprovalAboveMinor;
      latestQuote = { version, totalMinor, needsApproval, preparedById: actor.userId };
      await engagementActivity('recordQuote', `Quote ${version}: ${money(totalMinor, input.lead.currency)}`, [
        {
          engagementId: input.engagementId,
          orgId: input.orgId,
          version,
          lines,
          currency: input.lead.currency,
          preparedById: actor.userId,
          needsApproval,
        },
      ]);
      await tasks.complete(key, actor, { quoteVersion: version });
      return { version, totalMinor, needsApproval };
    },
    {
      validator: ({ actor, lines }) => {
        ensureStep('quote', 'quote', actor);
        const problems = quoteProblems(lines);
        if (problems.length > 0) throw refuse(EngagementFailure.invalid, 'The quote has errors.', problems);
      },
    },
  );
  setHandler(
    answerQuoteUpdate,
    async (answer) => {
      quoteAnswer = answer;
      await condition(() => stage !== 'client-answer');
      return state();
    },
    {
      validator: ({ version }) => {
        if (stage !== 'client-answer' || quoteAnswer) throw refuse(EngagementFailure.wrongStage, 'This quote has already been answered.');
        if (version !== quoteVersion) throw refuse(EngagementFailure.wrongStage, 'This quote was replaced by a newer one.');
      },
    },
  );
  setHandler(
    submitWorkPlanUpdate,
    async ({ actor, items }) => {
      const key = tasks.latestKey('breakdown')!;
      const people = await engagementActivity('recordWorkPlan', `Work plan: ${items.length} item(s)`, [
        { engagementId: input.engagementId, orgId: input.orgId, items, actorId: actor.userId },
      ]);
      for (const person of people) assignees.set(person.id, person);
      plan.push(...items);
      await tasks.complete(key, actor, { items: items.map((i) => i.key) });
      return { items: items.length };
    },
    {
      validator: ({ actor, items }) => {
        ensureStep('breakdown', 'breakdown', actor);
        const problems = planProblems(
          items,
          plan.map((i) => i.key),
        );
        const reused = items.filter((i: PlannedItem) => plan.some((p) => p.key === i.key));
        for (const i of reused) problems.push({ path: `items.${i.key}`, message: `The item "${i.key}" is already planned.` });
        if (problems.length > 0) throw refuse(EngagementFailure.invalid, 'The work plan has errors.', problems);
      },
    },
  );
  setHandler(
    answerDeliveryUpdate,
    async (answer) => {
      deliveryAnswer = answer;
      await condition(() => stage !== 'delivery');
      return state();
    },
    {
      validator: ({ clientUserId }) => {
        if (stage !== 'delivery' || deliveryAnswer) throw refuse(EngagementFailure.wrongStage, 'Nothing waits for your acceptance now.');
        if (!portalUserId || clientUserId !== portalUserId)
          throw refuse(EngagementFailure.notAllowed, 'Only the client’s contact may answer.');
      },
    },
  );
  setHandler(
    followUpNowUpdate,
    async ({ actor }) => {
      followUpNowBy = actor.userId;
      await condition(() => stage !== 'follow-up');
      return state();
    },
    {
      validator: ({ actor }) => {
        if (!actor.permissions.includes('leads:qualify')) throw refuse(EngagementFailure.notAllowed, 'You may not qualify leads.');
        if (stage !== 'follow-up' || followUpNowBy) throw refuse(EngagementFailure.wrongStage, 'This lead is not waiting for a follow-up.');
      },
    },
  );
  setHandler(
    holdEngagementUpdate,
    async ({ actor, reason }) => {
      // The hold is written before its effects (withdrawn tasks, held items), never beside them:
      // two local activities racing from a handler and the main flow do not replay in a stable order.
      await record(stage, { status: 'on_hold', note: reason, actorId: actor.userId, eventKey: `hold:${++manageEvents}` });
      steps.hold(reason);
      await tellItems('hold', reason);
      return state();
    },
    {
      validator: (request) => {
        ensureManager(request);
        if (status !== 'open' || stage === 'closed')
          throw refuse(EngagementFailure.wrongStage, `The engagement is ${status}; only an open one can be put on hold.`);
      },
    },
  );
  setHandler(
    resumeEngagementUpdate,
    async ({ actor, reason }) => {
      await record(stage, { status: 'open', note: reason, actorId: actor.userId, eventKey: `resume:${++manageEvents}` });
      steps.resume();
      await tellItems('resume', reason);
      return state();
    },
    {
      validator: (request) => {
        ensureManager(request);
        if (status !== 'on_hold') throw refuse(EngagementFailure.wrongStage, 'The engagement is not on hold.');
      },
    },
  );
  setHandler(
    cancelEngagementUpdate,
    async ({ actor, reason }) => {
      cancelledBy = actor.userId;
      steps.cancel(reason);
      await tellItems('cancel', reason);
      await condition(() => stage === 'closed');
      return state();
    },
    {
      validator: (request) => {
        ensureManager(request);
        if (!request.reason)
          throw refuse(EngagementFailure.invalid, 'Say why the engagement is cancelled.', [{ path: 'reason', message: 'is required' }]);
        if (stage === 'closed' || steps.isCancelled) throw refuse(EngagementFailure.wrongStage, 'The engagement is already closed.');
      },
    },
  );

  /** A staff task that a client's own answer (link or portal) may overtake; whichever comes first counts. */
  async function staffOrClient<T>(spec: TaskSpec, clientAnswer: () => T | null): Promise<{ client: T } | { staff: TaskCompletion }> {
    for (;;) {
      const early = clientAnswer();
      if (early) return { client: early };
      await steps.checkpoint();
      const key = await tasks.open(spec);
      await condition(() => clientAnswer() !== null || !tasks.isOpen(key));
      const answered = clientAnswer();
      if (answered) {
        tasks.cancel(key, 'The client answered themselves.');
        return { client: answered };
      }
      const result = tasks.result(key);
      if (result?.status === 'completed') return { staff: result.completion };
    }
  }

  /** Runs the given items (each a child workflow) in dependency order until all are done. */
  async function runItems(keys: string[], findings: string | null, done: Set<string>, itemRounds: Map<string, number>): Promise<void> {
    const pending = new Set(keys);
    for (const key of keys) done.delete(key);
    const finished: WorkItemOutcome[] = [];
    const started = new Set<string>();
    while (pending.size > 0) {
      await steps.checkpoint();
      const items = plan.filter((i) => pending.has(i.key));
      for (const key of readyToStart(items, done, started)) {
        const item = plan.find((i) => i.key === key)!;
        const round = (itemRounds.get(key) ?? 0) + 1;
        itemRounds.set(key, round);
        started.add(key);
        const handle = await startChild(engagementWorkItemWorkflow, {
          workflowId: workItemWorkflowId(input.engagementId, key, round),
          args: [
            {
              engagementId: input.engagementId,
              orgId: input.orgId,
              owner: input.owner,
              item,
              assignee: assignees.get(item.assigneeId) ?? { id: item.assigneeId, name: 'Unknown', email: '', permissions: [] },
              round,
              findings: round > 1 ? findings : null,
              reviewQueueLabel: queues.teamLeads.label,
              slaHours: policy.slaHours.execution ?? 0,
              clientName,
            },
          ],
          staticSummary: `Work item ${key} of engagement ${input.engagementId}`,
          typedSearchAttributes: [
            { key: CaseType, value: 'engagement' },
            { key: OrgId, value: input.orgId },
          ],
        });
        runningItems.set(key, handle);
        void handle.result().then((outcome) => {
          finished.push(outcome);
        });
      }
      await condition(() => finished.length > 0);
      for (const outcome of finished.splice(0)) {
        runningItems.delete(outcome.key);
        if (outcome.status === 'done') {
          done.add(outcome.key);
          pending.delete(outcome.key);
        }
      }
      if (steps.isCancelled) await condition(() => runningItems.size === 0);
    }
  }

  try {
    // 1–2. Qualification: the first task is written with the lead and the engagement, in one transaction.
    const qualification = (assignee?: Assignee): TaskSpec => ({
      step: 'qualification',
      kind: 'engagement-qualification',
      title: `Qualify the lead: ${clientName}`,
      form: qualificationForm(addCalendarDays(todayIn(input.timeZone), 1)),
      permission: 'leads:qualify',
      ...(assignee ? { assignee } : { queue: queues.closers }),
      ...sla('qualification'),
      fields: fields(),
    });
    const firstKey = await tasks.open(qualification(), (opening) =>
      engagementActivity('recordEngagement', 'Record the lead and open its qualification', [input, opening]),
    );
    recorded = true;
    const first = await tasks.wait(firstKey);
    let decided = first.status === 'completed' ? first.completion : await steps.decide(qualification());
    while (decided.values.decision === 'follow_up') {
      const on = decided.values.followUpOn as string;
      await moveTo('follow-up', { note: `Follow up on ${on}.`, actorId: decided.actor.userId });
      // 09:00 on that day where the organisation is.
      const wakeAt = startOfDayIn(on, input.timeZone).getTime() + 9 * 3_600_000;
      await condition(() => steps.isCancelled || followUpNowBy !== null, Math.max(1, wakeAt - Date.now()));
      await steps.checkpoint();
      await moveTo('qualification', {
        note: followUpNowBy ? 'Brought back before the follow-up date.' : 'The follow-up date has come.',
        actorId: followUpNowBy,
      });
      followUpNowBy = null;
      decided = await steps.decide(qualification(assigneeOf(decided.actor)));
    }
    if (decided.values.decision === 'disqualify') {
      const reason = text(decided.values.reason);
      await record('closed', { status: 'lost', note: `Disqualified: ${reason}`, actorId: decided.actor.userId, closedReason: reason });
      await condition(() => tasks.settled() && allHandlersFinished());
      return state();
    }

    // 3. The quote: prepared, approved when above the limit, answered by the client.
    const agent = input.salesAgent;
    let note: string | null = null;
    for (;;) {
      await moveTo('quote', { note, actorId: decided.actor.userId });
      await steps.decide({
        step: 'quote',
        kind: 'engagement-quote',
        title: `Prepare the quote: ${clientName}`,
        form: prepareQuoteForm,
        permission: 'quotes:prepare',
        ...(agent ? { assignee: agent } : { queue: queues.agents }),
        note,
        ...sla('quote'),
        fields: fields(),
      });
      const quote = latestQuote!;
      let approvedById: string | null = null;
      if (quote.needsApproval) {
        await moveTo('quote-approval');
        const approval = await steps.decide({
          step: 'quote-approval',
          kind: 'engagement-quote-approval',
          title: `Approve the quote: ${clientName}, ${money(quote.totalMinor, input.lead.currency)}`,
          form: quoteApprovalForm,
          permission: 'quotes:approve',
          queue: queues.salesManagers,
          excludedIds: [quote.preparedById],
          ...sla('quote-approval'),
          fields: fields(),
        });
        if (approval.values.decision === 'send_back') {
          note = `Sent back by ${approval.actor.name}: ${text(approval.values.comment)}`;
          continue;
        }
        approvedById = approval.actor.userId;
      }
      await moveTo('client-answer');
      await engagementActivity('sendQuote', `Send quote ${quote.version} to the client`, [
        {
          engagementId: input.engagementId,
          orgId: input.orgId,
          version: quote.version,
          approvedById,
          to: { name: input.lead.contactName, email: input.lead.email },
          validDays: policy.quoteValidDays,
          at: new Date().toISOString(),
        },
      ]);
      const answer = await staffOrClient(
        {
          step: 'client-answer',
          kind: 'engagement-client-answer',
          title: `Record the client’s answer to the quote: ${clientName}`,
          form: clientAnswerForm,
          permission: 'quotes:prepare',
          ...(agent ? { assignee: agent } : { queue: queues.agents }),
          ...sla('client-answer'),
          fields: fields(),
        },
        () => (quoteAnswer?.version === quote.version ? quoteAnswer : null),
      );
      const accepted = 'client' in answer ? answer.client.accepted : answer.staff.values.decision === 'accepted';
      const reason = 'client' in answer ? answer.client.reason : text(answer.staff.values.reason);
      await engagementActivity('recordQuoteAnswer', `The client ${accepted ? 'accepted' : 'declined'} quote ${quote.version}`, [
        {
          engagementId: input.engagementId,
          orgId: input.orgId,
          version: quote.version,
          accepted,
          via: 'client' in answer ? 'link' : 'staff',
          actorId: 'staff' in answer ? answer.staff.actor.userId : null,
          address: 'client' in answer ? answer.client.address : (answer.staff.actor.address ?? null),
          reason,
          at: new Date().toISOString(),
        },
      ]);
      if (!accepted) {
        await record('closed', {
          status: 'lost',
          note: `The client declined the quote${reason ? `: ${reason}` : '.'}`,
          closedReason: reason ?? 'Quote declined',
        });
        await condition(() => tasks.settled() && allHandlersFinished());
        return state();
      }
      break;
    }

    // 4. Conversion: the lead becomes a client and this engagement its project.
    const client = await engagementActivity('convertToClient', 'Make the lead a client', [
      { engagementId: input.engagementId, orgId: input.orgId, leadId: input.lead.leadId },
    ]);
    clientId = client.clientId;
    clientName = client.clientName;

    // 5–6. Onboarding, its validation, and every needed department's approval.
    let sendBack: string | null = null;
    let changesAsked: string[] = [];
    for (;;) {
      await moveTo('onboarding', { note: sendBack });
      const departments = await engagementActivity('departmentChoices', 'Departments to choose from', [input.orgId]);
      const onboarding = await steps.decide({
        step: 'onboarding',
        kind: 'engagement-onboarding',
        title: `Onboard the client: ${clientName}`,
        form: onboardingForm(departments),
        permission: 'onboarding:gather',
        queue: queues.supportAgents,
        note: sendBack,
        ...sla('onboarding'),
        fields: fields(),
      });
      const departmentIds = onboarding.values.departments as string[];
      await engagementActivity('recordRequirements', 'Record the requirements', [
        { engagementId: input.engagementId, orgId: input.orgId, requirements: text(onboarding.values.requirements) ?? '', departmentIds },
      ]);
      await moveTo('validation');
      const validation = await steps.decide({
        step: 'validation',
        kind: 'engagement-validation',
        title: `Validate the onboarding: ${clientName}`,
        form: validationForm,
        permission: 'onboarding:validate',
        queue: queues.supportManagers,
        ...sla('validation'),
        fields: fields(),
      });
      if (validation.values.decision === 'send_back') {
        sendBack = `Sent back by ${validation.actor.name}: ${text(validation.values.missing)}`;
        continue;
      }
      await moveTo('approvals');
      const approvers = await engagementActivity('departmentApprovers', 'Who approves for each department', [
        { orgId: input.orgId, departmentIds },
      ]);
      const decisions = await steps.decideAll(
        approvers.map((a) => ({
          step: 'approval',
          part: a.departmentId,
          kind: 'engagement-department-approval',
          title: `Approve for ${a.name}: ${clientName}`,
          form: departmentApprovalForm,
          permission: 'engagements:approve',
          ...(a.approver ? { assignee: a.approver } : {}),
          ...sla('approvals'),
          fields: fields(),
        })),
        (c) => c.values.decision === 'reject',
      );
      const rejection = [...decisions.values()].find((c) => c.values.decision === 'reject');
      if (rejection) {
        sendBack = `Rejected by ${rejection.actor.name}: ${text(rejection.values.comment)}`;
        continue;
      }
      changesAsked = [...decisions.values()]
        .filter((c) => c.values.decision === 'approve_with_changes')
        .map((c) => `${c.actor.name}: ${text(c.values.comment) ?? 'approved with changes'}`);
      break;
    }

    // 7–10. Breakdown, execution, QA and the client's acceptance; changes asked for reopen the work.
    const done = new Set<string>();
    const itemRounds = new Map<string, number>();
    let breakdownNote: string | null = changesAsked.length ? `Changes asked for at approval: ${changesAsked.join('; ')}` : null;
    for (;;) {
      await moveTo('breakdown', { note: breakdownNote });
      const before = plan.length;
      await steps.decide({
        step: 'breakdown',
        kind: 'engagement-breakdown',
        title: `Break down the work: ${clientName}`,
        form: breakdownForm,
        permission: 'work:plan',
        queue: queues.teamLeads,
        note: breakdownNote,
        ...sla('breakdown'),
        fields: fields(),
      });
      await moveTo('execution');
      await runItems(
        plan.slice(before).map((i) => i.key),
        null,
        done,
        itemRounds,
      );
      for (;;) {
        await moveTo('qa');
        const qa = await steps.decide({
          step: 'qa',
          kind: 'engagement-qa',
          title: `QA: ${clientName}`,
          form: qaForm(plan.map((i) => ({ value: i.key, label: i.title }))),
          permission: 'qa:check',
          queue: queues.qa,
          ...sla('qa'),
          fields: fields(),
        });
        if (qa.values.decision === 'pass') break;
        const findings = text(qa.values.findings);
        await moveTo('execution', { note: `Returned by QA: ${findings}`, actorId: qa.actor.userId });
        await runItems(qa.values.items as string[], findings, done, itemRounds);
      }
      await moveTo('delivery');
      const contact = await engagementActivity('clientContactOf', 'The client’s contact', [{ clientId: clientId! }]);
      portalUserId = contact?.portalUserId ?? null;
      await engagementActivity('announceDelivery', 'Tell the client the delivery is ready', [
        {
          engagementId: input.engagementId,
          orgId: input.orgId,
          round: rounds.get('delivery') ?? 1,
          to: contact?.contact ?? null,
          title: input.title,
        },
      ]);
      deliveryAnswer = null;
      const answer = await staffOrClient(
        {
          step: 'acceptance',
          kind: 'engagement-acceptance',
          title: `Record the client’s acceptance: ${clientName}`,
          form: acceptanceForm,
          permission: 'quotes:prepare',
          ...(agent ? { assignee: agent } : { queue: queues.agents }),
          ...sla('delivery'),
          fields: fields(),
        },
        () => deliveryAnswer,
      );
      const accepted = 'client' in answer ? answer.client.accepted : answer.staff.values.decision === 'accepted';
      if (accepted) break;
      const changes = 'client' in answer ? answer.client.changes : text(answer.staff.values.changes);
      breakdownNote = `The client asked for changes: ${changes}`;
    }
    const followUpOn = addCalendarDays(todayIn(input.timeZone), policy.followUpAfterDays);
    await engagementActivity('recordDelivered', 'Close the engagement and schedule the follow-up', [
      {
        engagementId: input.engagementId,
        orgId: input.orgId,
        clientId: clientId!,
        ownerId: input.owner.id,
        followUpOn,
        title: input.title,
      },
    ]);
    await record('closed', { status: 'delivered', note: `Accepted by the client; follow-up on ${followUpOn}.` });
  } catch (err) {
    if (!(err instanceof CaseCancelled)) throw err;
    await condition(() => runningItems.size === 0);
    await record('closed', { status: 'cancelled', note: `Cancelled: ${err.reason}`, actorId: cancelledBy, closedReason: err.reason });
  }
  await condition(() => tasks.settled() && allHandlersFinished());
  return state();
}
