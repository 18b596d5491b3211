import { ApplicationFailure, condition, setHandler } from '@temporalio/workflow';
import type { createTaskActivities, TaskChange, TaskEventKind } from '../../activities/tasks.ts';
import { shortWrites } from '../short-writes.ts';
import { validateForm } from './form.ts';
import {
  claimTaskUpdate,
  completeTaskUpdate,
  delegateTaskUpdate,
  holderDepartedSignal,
  holderReturnedSignal,
  moveTaskDueUpdate,
  reassignTaskUpdate,
  releaseTaskUpdate,
  resolveTaskUpdate,
  TaskFailure,
  tasksQuery,
  type Actor,
  type Assignee,
  type TaskCompletion,
} from './messages.ts';
import { holds, inQueue, mayDecideAtAll, snapshotOf, type TaskQueue, type TaskSpec, type TaskState } from './state.ts';

// Both are one short transaction (a write, or a read for escalation): local activities.
const taskActivity = shortWrites<ReturnType<typeof createTaskActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

/** The case a kit serves: every task row, timeline entry and audit entry is filed under it. */
export interface CaseRef {
  orgId: string;
  caseType: string;
  caseId: string;
  /** The person the case is about (the requester): task permissions must cover them. */
  subjectId: string;
  /** Where a task goes when nobody else can take it. */
  processOwners: TaskQueue;
}

export type TaskResult =
  { key: string; status: 'completed'; completion: TaskCompletion } | { key: string; status: 'cancelled'; reason: string };

/**
 * Writes a task's opening through the process's own short write, so that the process's record and
 * its first task land in one transaction (one local activity instead of two). It must call the
 * task activities' `writeTaskChange` with the change, inside its transaction.
 */
export type OpeningWriter = (opening: TaskChange) => Promise<void>;

/**
 * Writes a task's completion through the process's own short write, with what the process records
 * of the decision, in one transaction (one local activity instead of two, and the decision is on
 * record by the time the person's complete is answered). It must call `writeTaskChange` with the
 * change, inside its transaction.
 */
export type CompletionWriter = (closing: TaskChange, completion: TaskCompletion) => Promise<void>;

/** Everything the kit needs after continue-as-new. */
export interface KitState {
  tasks: TaskState[];
  departedIds: string[];
  /** Keys whose closing row has been written (the process may read its outcome). */
  closeRecorded: string[];
  /** People back early from an absence. */
  returnedIds?: string[];
}

/** How a task given to a stand-in says so. */
const standingInNote = (task: TaskState) => (task.standingInFor ? `, standing in for ${task.standingInFor.person.name}, who is away` : '');

const refuse = (type: string, message: string, details?: unknown) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });

const notOpen = () => refuse(TaskFailure.notOpen, 'This task is no longer open: it was already decided or withdrawn.');

const assigneeOf = (actor: Actor): Assignee => ({ id: actor.userId, name: actor.name, email: actor.email, permissions: actor.permissions });

/**
 * The human-task kit inside a workflow. A process opens steps (a named person, or a queue whose
 * members claim), joins parallel ones (all, any, N of M), sends a case back to an earlier step (a
 * new round), and waits. People act through updates whose synchronous validators refuse at once;
 * the ladder of reminders and escalations runs on timers and re-arms when the due time moves.
 * Every change bumps the task's version: its row is only ever overwritten by a newer state, so an
 * escalation that finishes late can never undo a reassignment.
 */
export class HumanTaskKit {
  private readonly tasks = new Map<string, TaskState>();
  private readonly departed: Set<string>;
  private readonly closeRecorded: Set<string>;
  private readonly returned: Set<string>;
  private readonly completionChecks = new Map<string, () => string | null>();
  private readonly completionWriters = new Map<string, CompletionWriter>();

  constructor(
    private readonly caseRef: CaseRef,
    saved?: KitState,
  ) {
    for (const task of saved?.tasks ?? []) this.tasks.set(task.key, task);
    this.departed = new Set(saved?.departedIds ?? []);
    this.closeRecorded = new Set(saved?.closeRecorded ?? []);
    this.returned = new Set(saved?.returnedIds ?? []);
    this.registerHandlers();
    // After continue-as-new the open tasks' ladders (and any unwritten close) pick up where they were.
    for (const task of this.tasks.values()) {
      if (!this.closeRecorded.has(task.key)) this.watch(task);
    }
  }

  state(): KitState {
    return {
      tasks: [...this.tasks.values()],
      departedIds: [...this.departed],
      closeRecorded: [...this.closeRecorded],
      returnedIds: [...this.returned],
    };
  }

  /**
   * Opens the next round of a step and resolves with its task key once the row exists. With
   * `writeOpening`, that writer records the opening; if it fails, the task was never opened.
   */
  async open(spec: TaskSpec & { part?: string }, writeOpening?: OpeningWriter): Promise<string> {
    const base = spec.part ? `${spec.step}/${spec.part}` : spec.step;
    const round = 1 + Math.max(0, ...this.roundsOf(base).map((t) => t.round));
    const key = round === 1 ? base : `${base}#${round}`;
    const now = Date.now();
    const task: TaskState = {
      key,
      step: spec.step,
      round,
      kind: spec.kind,
      title: spec.title,
      form: spec.form,
      permission: spec.permission,
      queue: spec.queue ?? null,
      holder: spec.assignee ?? null,
      delegate: null,
      alsoAllowed: [],
      excludedIds: spec.excludedIds ?? [],
      fourEyesGroup: spec.fourEyesGroup ?? null,
      priority: spec.priority ?? 'normal',
      dueAt: spec.dueInMs ? new Date(now + spec.dueInMs).toISOString() : null,
      ladder: spec.ladder ?? [],
      nextRung: 0,
      escalateTo: spec.escalateTo ?? { type: 'reporting-line' },
      escalationLevel: 0,
      note: spec.note ?? null,
      status: 'open',
      completion: null,
      version: 1,
      openedAt: new Date(now).toISOString(),
      fields: spec.fields ?? {},
      standingInFor: spec.standingInFor && spec.assignee ? { ...spec.standingInFor, standInId: spec.assignee.id } : null,
    };
    if (task.standingInFor) this.returned.delete(task.standingInFor.person.id);
    if (!task.holder && !task.queue) task.queue = this.caseRef.processOwners;
    this.tasks.set(key, task);
    try {
      await this.record(
        task,
        'opened',
        null,
        {
          note: task.note ?? (task.holder ? `Assigned to ${task.holder.name}${standingInNote(task)}.` : `Offered to ${task.queue!.label}.`),
          mailTo: task.holder ? [task.holder] : [],
          mailText: `"${task.title}" waits for your decision.`,
        },
        writeOpening,
      );
    } catch (err) {
      this.tasks.delete(key);
      throw err;
    }
    this.watch(task);
    return key;
  }

  /**
   * A condition the form alone cannot judge for completing a step's tasks (a payroll review with
   * lines still in error): `check` answers why not, or null; synchronous, for the update's validator.
   */
  refuseCompletionUnless(step: string, check: () => string | null): void {
    this.completionChecks.set(step, check);
  }

  /**
   * Has `write` record the task's completion (a cancelled task closes with the kit's own write).
   * Not part of the kit's state: after continue-as-new a process registers it again.
   */
  writeCompletionWith(key: string, write: CompletionWriter): void {
    this.completionWriters.set(key, write);
  }

  /** Resolves when the task is closed and its row says so. */
  async wait(key: string): Promise<TaskResult> {
    await condition(() => this.closeRecorded.has(key));
    return this.result(key)!;
  }

  async run(spec: TaskSpec & { part?: string }): Promise<TaskResult> {
    return this.wait(await this.open(spec));
  }

  /** Opens several tasks at once and waits until `needed` of them are completed (or that cannot happen). */
  async join(specs: (TaskSpec & { part?: string })[], needed: number = specs.length): Promise<TaskResult[]> {
    const keys: string[] = [];
    for (const spec of specs) keys.push(await this.open(spec));
    const completed = () => keys.filter((k) => this.tasks.get(k)!.status === 'completed').length;
    const stillPossible = () => completed() + keys.filter((k) => this.tasks.get(k)!.status === 'open').length >= needed;
    await condition(() => completed() >= needed || !stillPossible());
    for (const key of keys) this.cancel(key, 'No longer needed: the step was decided.');
    return Promise.all(keys.map((k) => this.wait(k)));
  }

  any(specs: (TaskSpec & { part?: string })[]): Promise<TaskResult[]> {
    return this.join(specs, 1);
  }

  /** Withdraws an open task; synchronous, so a completion validated after this sees it closed. */
  cancel(key: string, reason: string): void {
    const task = this.tasks.get(key);
    if (!task || task.status !== 'open') return;
    task.status = 'cancelled';
    task.note = reason;
    task.version++;
  }

  cancelAll(reason: string): void {
    for (const key of this.tasks.keys()) this.cancel(key, reason);
  }

  isOpen(key: string): boolean {
    return this.tasks.get(key)?.status === 'open';
  }

  /** The latest round's key of a step (or step/part). */
  latestKey(base: string): string | undefined {
    return this.roundsOf(base).sort((a, b) => b.round - a.round)[0]?.key;
  }

  result(key: string): TaskResult | undefined {
    const task = this.tasks.get(key);
    if (!task || task.status === 'open') return undefined;
    return task.status === 'completed'
      ? { key, status: 'completed', completion: task.completion! }
      : { key, status: 'cancelled', reason: task.note ?? '' };
  }

  /** Moves a task's due time from the process itself (a follow-up date, a changed deadline). */
  async moveDue(key: string, dueAt: string, note: string): Promise<void> {
    const task = this.tasks.get(key);
    if (!task || task.status !== 'open') return;
    this.applyDue(task, dueAt);
    await this.record(task, 'due_moved', null, { note });
  }

  /** Whether every closed task's closing row is written: wait for it before continue-as-new. */
  settled(): boolean {
    return [...this.tasks.values()].every((t) => t.status === 'open' || this.closeRecorded.has(t.key));
  }

  /** Every round of a step (or step/part): keys `base`, `base#2`, … */
  private roundsOf(base: string): TaskState[] {
    return [...this.tasks.values()].filter((t) => t.key.split('#')[0] === base);
  }

  private registerHandlers(): void {
    setHandler(tasksQuery, () => [...this.tasks.values()].map(snapshotOf));
    setHandler(holderDepartedSignal, ({ userId }) => {
      this.departed.add(userId);
    });
    setHandler(holderReturnedSignal, ({ userId }) => {
      this.returned.add(userId);
    });

    setHandler(
      claimTaskUpdate,
      async ({ taskKey, actor }) => {
        const task = this.tasks.get(taskKey)!;
        task.holder = assigneeOf(actor);
        task.version++;
        await this.record(task, 'claimed', actor, { note: `${actor.name} took it from ${task.queue?.label ?? 'the queue'}.` });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor }) => {
          const task = this.openTask(taskKey);
          if (task.holder?.id === actor.userId) throw refuse(TaskFailure.conflict, 'You already hold this task.');
          if (task.holder) throw refuse(TaskFailure.conflict, `${task.holder.name} has already taken this task.`);
          if (!inQueue(task.queue, actor)) throw refuse(TaskFailure.notAllowed, 'This task is not offered to you.');
          this.ensureMayDecide(task, actor);
        },
      },
    );

    setHandler(
      releaseTaskUpdate,
      async ({ taskKey, actor }) => {
        const task = this.tasks.get(taskKey)!;
        task.holder = null;
        task.delegate = null;
        task.version++;
        await this.record(task, 'released', actor, { note: `${actor.name} handed it back to ${task.queue!.label}.` });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor }) => {
          const task = this.openTask(taskKey);
          if (task.holder?.id !== actor.userId) throw refuse(TaskFailure.notAllowed, 'Only the person holding a task can hand it back.');
          if (!task.queue) throw refuse(TaskFailure.conflict, 'This task was given to you by name; there is no queue to hand it back to.');
        },
      },
    );

    setHandler(
      delegateTaskUpdate,
      async ({ taskKey, actor, to, reason }) => {
        const task = this.tasks.get(taskKey)!;
        task.delegate = to;
        task.version++;
        await this.record(task, 'delegated', actor, {
          note: `${actor.name} asked ${to.name} to work on it${reason ? `: ${reason}` : '.'}`,
          mailTo: [to],
        });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor, to }) => {
          const task = this.openTask(taskKey);
          if (task.holder?.id !== actor.userId) throw refuse(TaskFailure.notAllowed, 'Only the person holding a task can delegate it.');
          if (task.delegate) throw refuse(TaskFailure.conflict, `This task is already delegated to ${task.delegate.name}.`);
          if (to.id === actor.userId) throw refuse(TaskFailure.invalidAssignee, 'You cannot delegate a task to yourself.');
          this.ensureMayReceive(task, to);
        },
      },
    );

    setHandler(
      resolveTaskUpdate,
      async ({ taskKey, actor, comment }) => {
        const task = this.tasks.get(taskKey)!;
        task.delegate = null;
        task.version++;
        await this.record(task, 'resolved', actor, {
          note: `${actor.name} finished their part and gave it back to ${task.holder!.name}${comment ? `: ${comment}` : '.'}`,
          mailTo: [task.holder!],
        });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor }) => {
          const task = this.openTask(taskKey);
          if (task.delegate?.id !== actor.userId) throw refuse(TaskFailure.notAllowed, 'This task is not delegated to you.');
        },
      },
    );

    setHandler(
      reassignTaskUpdate,
      async ({ taskKey, actor, to, reason }) => {
        const task = this.tasks.get(taskKey)!;
        const from = task.holder;
        // The task now belongs to `to` alone.
        task.holder = to;
        task.delegate = null;
        task.alsoAllowed = [];
        this.rearm(task);
        task.version++;
        await this.record(task, 'reassigned', actor, {
          note: `Reassigned${from ? ` from ${from.name}` : ''} to ${to.name}${reason ? `: ${reason}` : '.'}`,
          mailTo: [to],
          mailText: `${actor.name} handed "${task.title}" to you${reason ? ` (${reason})` : ''}.`,
          notifyIds: from ? [from.id] : [],
          detail: { from: from?.id ?? null, to: to.id, reason },
        });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor, to }) => {
          const task = this.openTask(taskKey);
          if (!actor.permissions.includes('tasks:reassign')) throw refuse(TaskFailure.notAllowed, 'You may not reassign this task.');
          if (task.holder?.id === to.id && task.alsoAllowed.length === 0)
            throw refuse(TaskFailure.conflict, `${to.name} already holds this task.`);
          this.ensureMayReceive(task, to);
        },
      },
    );

    setHandler(
      moveTaskDueUpdate,
      async ({ taskKey, actor, dueAt, reason }) => {
        const task = this.tasks.get(taskKey)!;
        this.applyDue(task, dueAt);
        await this.record(task, 'due_moved', actor, { note: `Due ${dueAt}${reason ? `: ${reason}` : '.'}`, detail: { dueAt, reason } });
        return snapshotOf(task);
      },
      {
        validator: ({ taskKey, actor, dueAt }) => {
          const task = this.openTask(taskKey);
          if (!actor.permissions.includes('tasks:reassign')) throw refuse(TaskFailure.notAllowed, 'You may not move this task’s due time.');
          const at = Date.parse(dueAt);
          if (Number.isNaN(at) || at <= Date.now())
            throw refuse(TaskFailure.invalidForm, 'The due time must be in the future.', [
              { path: 'dueAt', message: 'must be in the future' },
            ]);
          if (task.dueAt === new Date(at).toISOString()) throw refuse(TaskFailure.conflict, 'The task is already due then.');
        },
      },
    );

    setHandler(completeTaskUpdate, ({ taskKey, actor, values }) => this.complete(taskKey, actor, values), {
      validator: ({ taskKey, actor, values }) => {
        const task = this.ensureMayComplete(taskKey, actor);
        if (task.form.elsewhere) throw refuse(TaskFailure.conflict, task.form.elsewhere);
        const notYet = this.completionChecks.get(task.step)?.();
        if (notYet) throw refuse(TaskFailure.conflict, notYet);
        const problems = validateForm(task.form, values);
        if (problems.length > 0) throw refuse(TaskFailure.invalidForm, 'The form has errors.', problems);
      },
    });
  }

  /**
   * Throws as the complete update's validator does, but for a process's own update that completes a
   * step with more than a form holds (a quote's lines, a work plan); synchronous, for its validator.
   */
  ensureMayComplete(key: string, actor: Actor): TaskState {
    const task = this.openTask(key);
    if (task.delegate) {
      throw refuse(TaskFailure.conflict, `This task is delegated to ${task.delegate.name}; it comes back once they resolve it.`);
    }
    const queued = !task.holder && inQueue(task.queue, actor);
    if (!queued && !holds(task, actor.userId)) throw refuse(TaskFailure.notAllowed, 'You may not act on this task.');
    this.ensureMayDecide(task, actor);
    return task;
  }

  /** Completes a task (after `ensureMayComplete`); resolves once its closing row is written. */
  async complete(key: string, actor: Actor, values: TaskCompletion['values']): Promise<TaskCompletion> {
    const task = this.tasks.get(key)!;
    // Set before the first await: an update validated after this point sees the task decided.
    task.status = 'completed';
    task.completion = { taskKey: key, actor, values, completedAt: new Date().toISOString() };
    if (!task.holder) task.holder = assigneeOf(actor);
    task.version++;
    await condition(() => this.closeRecorded.has(key));
    return task.completion;
  }

  private openTask(key: string): TaskState {
    const task = this.tasks.get(key);
    if (!task) throw refuse(TaskFailure.unknownTask, `There is no task "${key}" in this case.`);
    if (task.status !== 'open') throw notOpen();
    return task;
  }

  private ensureMayDecide(task: TaskState, actor: Actor): void {
    if (!mayDecideAtAll(task, actor.permissions, actor.userId)) {
      throw refuse(
        TaskFailure.notAllowed,
        task.excludedIds.includes(actor.userId)
          ? 'You started this case, so someone else must decide it.'
          : `Deciding this task needs ${task.permission}.`,
      );
    }
    const pair = task.fourEyesGroup;
    const sameStep = (t: TaskState) => t.fourEyesGroup === pair && t.round === task.round;
    if (pair && [...this.tasks.values()].some((t) => sameStep(t) && t.completion?.actor.userId === actor.userId)) {
      throw refuse(
        TaskFailure.notAllowed,
        'You already decided the other half of this four-eyes step; a second person must decide this one.',
      );
    }
  }

  private ensureMayReceive(task: TaskState, to: Assignee): void {
    if (!mayDecideAtAll(task, to.permissions, to.id)) {
      throw refuse(
        TaskFailure.invalidAssignee,
        task.excludedIds.includes(to.id)
          ? `${to.name} started this case and may not decide it.`
          : `${to.name} lacks ${task.permission} for this case.`,
      );
    }
  }

  private applyDue(task: TaskState, dueAt: string): void {
    task.dueAt = new Date(dueAt).toISOString();
    // Re-arm: every rung still ahead of us counts again from the new due time.
    this.rearm(task);
    task.version++;
  }

  /** The next rung is the first still ahead; those already passed do not fire on a new holder. */
  private rearm(task: TaskState): void {
    if (!task.dueAt) return;
    const due = Date.parse(task.dueAt);
    const ahead = task.ladder.findIndex((rung) => due + rung.afterDueMs > Date.now());
    task.nextRung = ahead === -1 ? task.ladder.length : ahead;
  }

  private hasDeparted(task: TaskState): boolean {
    return [task.holder, task.delegate, ...task.alsoAllowed].some((p) => p !== null && this.departed.has(p.id));
  }

  /** One task's timers and hand-overs, until it closes; then its closing row. */
  private watch(task: TaskState): void {
    const loop = async () => {
      while (task.status === 'open') {
        if (this.hasDeparted(task)) {
          await this.handOver(task);
          continue;
        }
        const away = task.standingInFor;
        // Someone else took it meanwhile (a reassignment, an escalation): nothing to give back.
        if (away && task.holder?.id !== away.standInId) task.standingInFor = null;
        else if (away && (Date.parse(away.backAt) <= Date.now() || this.returned.has(away.person.id))) {
          await this.giveBack(task);
          continue;
        }
        const version = task.version;
        const returned = () => task.standingInFor != null && this.returned.has(task.standingInFor.person.id);
        const changed = () => task.status !== 'open' || task.version !== version || this.hasDeparted(task) || returned();
        const untilBack = task.standingInFor ? Math.max(1, Date.parse(task.standingInFor.backAt) - Date.now()) : undefined;
        const rung = task.dueAt ? task.ladder[task.nextRung] : undefined;
        if (!rung) {
          if (untilBack === undefined) await condition(changed);
          else await condition(changed, untilBack);
          continue;
        }
        const wait = Date.parse(task.dueAt!) + rung.afterDueMs - Date.now();
        const timeout = untilBack === undefined ? wait : Math.min(wait, untilBack);
        if (timeout > 0 && (await condition(changed, timeout))) continue;
        // The absence ended before the rung: the top of the loop gives the task back.
        if (untilBack !== undefined && untilBack < wait) continue;
        const index = task.nextRung++;
        if (rung.action === 'remind') await this.remind(task, index);
        else await this.escalate(task, version);
      }
      await this.recordClose(task);
    };
    // The loop ends with the task; the workflow waits on closeRecorded, not on this promise. A
    // failure here fails the workflow task, which Temporal retries: nothing is silently dropped.
    void loop();
  }

  private async remind(task: TaskState, rungIndex: number): Promise<void> {
    const to = task.delegate ?? task.holder;
    await this.record(task, 'reminded', null, {
      note: to ? `${to.name} was reminded by e-mail.` : `Still waiting in ${task.queue?.label ?? 'the queue'}.`,
      mailTo: to ? [to] : [],
      mailText: `"${task.title}" is still waiting for your decision.`,
      eventKey: `${task.key}:reminded:${task.dueAt}:${rungIndex}`,
    });
  }

  private async escalate(task: TaskState, version: number): Promise<void> {
    const from = task.holder;
    const found = await taskActivity('findEscalationTarget', `Find who takes ${task.key} next`, [
      {
        orgId: this.caseRef.orgId,
        subjectId: this.caseRef.subjectId,
        fromUserId: from?.id ?? null,
        target: task.escalateTo,
        permission: task.permission,
        excludedIds: [...task.excludedIds, ...this.departed],
      },
    ]);
    // Someone acted while we looked (a reassignment, a claim, a decision): their change wins.
    if (task.status !== 'open' || task.version !== version) return;
    task.escalationLevel++;
    task.version++;
    const late = `No decision${from ? ` from ${from.name}` : ''} in time`;
    // The one it was waiting for keeps the right to decide; the first decision wins.
    if (from && !this.departed.has(from.id)) task.alsoAllowed = [...task.alsoAllowed.filter((p) => p.id !== from.id), from];
    if (found?.kind === 'person') {
      task.holder = found.person;
      task.standingInFor = found.standingInFor ? { ...found.standingInFor, standInId: found.person.id } : null;
      if (task.standingInFor) this.returned.delete(task.standingInFor.person.id);
      await this.record(task, 'escalated', null, {
        note: `${late}; escalated to ${found.person.name}${standingInNote(task)}.`,
        mailTo: [found.person],
        mailText: `"${task.title}" had no decision${from ? ` from ${from.name}` : ''} in time and now waits for yours.`,
        notifyIds: from ? [from.id] : [],
      });
      return;
    }
    task.holder = null;
    task.delegate = null;
    task.queue = found?.queue ?? this.caseRef.processOwners;
    await this.record(task, 'escalated', null, {
      note: found ? `${late}; offered to ${found.queue.label}.` : `${late} and nobody else can take it; sent to ${task.queue.label}.`,
      notifyIds: from ? [from.id] : [],
    });
  }

  /** The person the holder stood in for is back: the task is theirs again. */
  private async giveBack(task: TaskState): Promise<void> {
    const { person } = task.standingInFor!;
    const standIn = task.holder!;
    task.standingInFor = null;
    task.holder = person;
    task.version++;
    await this.record(task, 'reassigned', null, {
      note: `${person.name} is back; returned from ${standIn.name}.`,
      mailTo: [person],
      mailText: `You are back: "${task.title}" waits for your decision again.`,
      notifyIds: [standIn.id],
    });
  }

  /** A deactivated holder's task goes back to its queue, else up their reporting line, else to the process owners. */
  private async handOver(task: TaskState): Promise<void> {
    const gone = (p: Assignee | null) => p !== null && this.departed.has(p.id);
    task.alsoAllowed = task.alsoAllowed.filter((p) => !gone(p));
    if (gone(task.delegate)) task.delegate = null;
    if (!gone(task.holder)) {
      task.version++;
      await this.record(task, 'reassigned', null, { note: 'A person who left no longer has this task.' });
      return;
    }
    const departed = task.holder!;
    const version = ++task.version;
    const original = task.escalateTo;
    const found = task.queue
      ? null
      : await taskActivity('findEscalationTarget', `Find who takes ${task.key} from its departed holder`, [
          {
            orgId: this.caseRef.orgId,
            subjectId: this.caseRef.subjectId,
            fromUserId: departed.id,
            target: original.type === 'person' ? { type: 'reporting-line' } : original,
            permission: task.permission,
            excludedIds: [...task.excludedIds, ...this.departed],
          },
        ]);
    if (task.status !== 'open' || task.version !== version) return;
    task.version++;
    if (found?.kind === 'person') {
      task.holder = found.person;
      await this.record(task, 'reassigned', null, {
        note: `${departed.name} left; handed to ${found.person.name}.`,
        mailTo: [found.person],
      });
      return;
    }
    task.holder = null;
    task.queue = task.queue ?? found?.queue ?? this.caseRef.processOwners;
    await this.record(task, 'released', null, { note: `${departed.name} left; back to ${task.queue.label}.` });
  }

  private async recordClose(task: TaskState): Promise<void> {
    if (task.status === 'completed') {
      const completion = task.completion!;
      const { actor, values, completedAt } = completion;
      const write = this.completionWriters.get(task.key);
      await this.record(
        task,
        'completed',
        actor,
        { note: null, detail: { values }, at: completedAt },
        write && ((closing) => write(closing, completion)),
      );
    } else {
      await this.record(task, 'cancelled', null, { note: task.note });
    }
    this.closeRecorded.add(task.key);
  }

  /** Writes the task's current state, its timeline entry and audit entry in one transaction. */
  private async record(
    task: TaskState,
    kind: TaskEventKind,
    actor: Actor | null,
    extra: {
      note: string | null;
      mailTo?: Assignee[];
      /** The e-mail's sentence, when it should say more than the timeline's note. */
      mailText?: string;
      notifyIds?: string[];
      detail?: Record<string, unknown>;
      eventKey?: string;
      at?: string;
    },
    write: OpeningWriter = (change) => taskActivity('recordTaskChange', `Task ${task.key}: ${kind}`, [change]),
  ): Promise<void> {
    // Captured now: a later change must not leak into this write.
    const change: TaskChange = {
      caseRef: {
        orgId: this.caseRef.orgId,
        caseType: this.caseRef.caseType,
        caseId: this.caseRef.caseId,
        subjectId: this.caseRef.subjectId,
      },
      task: {
        key: task.key,
        step: task.step,
        round: task.round,
        kind: task.kind,
        title: task.title,
        form: task.form,
        permission: task.permission,
        priority: task.priority,
        status: task.status,
        holderId: task.holder?.id ?? null,
        delegateId: task.delegate?.id ?? null,
        queue: task.queue,
        alsoAllowedIds: task.alsoAllowed.map((p) => p.id),
        excludedIds: task.excludedIds,
        dueAt: task.dueAt,
        escalationLevel: task.escalationLevel,
        note: task.note,
        outcome: task.completion?.values ?? null,
        completedBy: task.completion?.actor.userId ?? null,
        completedAt: task.completion?.completedAt ?? (task.status === 'cancelled' ? new Date().toISOString() : null),
        version: task.version,
        caseFields: task.fields ?? {},
        standingInForId: task.standingInFor?.person.id ?? null,
      },
      event: {
        key: extra.eventKey ?? `${task.key}:v${task.version}:${kind}`,
        kind,
        actorId: actor?.userId ?? null,
        address: actor?.address ?? null,
        note: extra.note,
        detail: extra.detail ?? null,
        at: extra.at ?? new Date().toISOString(),
      },
      mailTo: (extra.mailTo ?? []).map(({ id, name, email }) => ({ id, name, email })),
      mailText: extra.mailText ?? extra.note ?? `"${task.title}" waits for you.`,
      notifyIds: extra.notifyIds ?? [],
    };
    await write(change);
  }
}
