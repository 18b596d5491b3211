import { ApplicationFailure, condition, proxyActivities, setHandler } from '@temporalio/workflow';
import type { createTaskActivities } from '../../activities/tasks.ts';
import { validateForm, type TaskForm } from './form.ts';
import {
  completeTaskUpdate,
  reassignTaskUpdate,
  TaskFailure,
  tasksQuery,
  type CompleteTaskInput,
  type ReassignTaskInput,
  type TaskCompletion,
} from './messages.ts';

const taskActivities = proxyActivities<ReturnType<typeof createTaskActivities>>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', maximumInterval: '1 minute' },
});

export interface Person {
  id: string;
  name: string;
  email: string;
}

export interface HumanTaskSpec {
  key: string;
  kind: string;
  title: string;
  orgId: string;
  caseType: string;
  caseId: string;
  assignee: Person;
  /** People who must never act on it, whatever the reporting line says (the requester). */
  excludedIds: string[];
  form: TaskForm;
  /** 0 turns the reminder or the escalation off. */
  remindAfterMs: number;
  escalateAfterMs: number;
}

export type TaskResult = { status: 'completed'; completion: TaskCompletion } | { status: 'cancelled' };

interface TaskState {
  spec: HumanTaskSpec;
  assigneeId: string;
  allowedIds: Set<string>;
  completion?: TaskCompletion;
  cancelled: boolean;
  closed: boolean;
}

const refuse = (type: string, message: string, details?: unknown) =>
  ApplicationFailure.create({ type, message, nonRetryable: true, details: details === undefined ? [] : [details] });

/**
 * The human-task primitive inside a workflow: open a task row, wait for the `completeTask` update,
 * remind and escalate on timers, close the row. One instance per workflow serves all its tasks,
 * including several open at once (parallel approvals the workflow joins).
 */
export class HumanTasks {
  private readonly tasks = new Map<string, TaskState>();

  constructor() {
    setHandler(completeTaskUpdate, (input) => this.complete(input), { validator: (input) => this.validate(input) });
    setHandler(reassignTaskUpdate, (input) => this.reassign(input), { validator: (input) => this.validateReassignment(input) });
    setHandler(tasksQuery, () =>
      [...this.tasks.values()].map((t) => ({
        key: t.spec.key,
        kind: t.spec.kind,
        assigneeId: t.assigneeId,
        allowedIds: [...t.allowedIds],
        status: t.completion ? 'completed' : t.cancelled ? 'cancelled' : 'open',
        form: t.spec.form,
      })),
    );
  }

  async run(spec: HumanTaskSpec): Promise<TaskResult> {
    const task: TaskState = {
      spec,
      assigneeId: spec.assignee.id,
      allowedIds: new Set([spec.assignee.id]),
      cancelled: false,
      closed: false,
    };
    this.tasks.set(spec.key, task);
    const dueAt = spec.escalateAfterMs > 0 ? new Date(Date.now() + spec.escalateAfterMs).toISOString() : null;
    await taskActivities.openTask.executeWithOptions({ summary: `Open task ${spec.key} for ${spec.assignee.name}` }, [
      { ...this.rowOf(spec), assigneeId: spec.assignee.id, form: spec.form, dueAt },
    ]);

    const settled = () => task.completion !== undefined || task.cancelled;
    let waited = 0;
    if (spec.remindAfterMs > 0 && !(await condition(settled, spec.remindAfterMs, { summary: 'Reminder due' }))) {
      waited = spec.remindAfterMs;
      await taskActivities.remindTask.executeWithOptions({ summary: `Remind ${spec.assignee.name}` }, [
        { ...this.rowOf(spec), assigneeId: task.assigneeId },
      ]);
    }
    const untilEscalation = spec.escalateAfterMs - waited;
    if (spec.escalateAfterMs > 0 && !(untilEscalation > 0 && (await condition(settled, untilEscalation, { summary: 'Escalation due' })))) {
      const target = await taskActivities.escalateTask.executeWithOptions({ summary: `Escalate task ${spec.key}` }, [
        { ...this.rowOf(spec), fromAssigneeId: task.assigneeId, excludedIds: spec.excludedIds },
      ]);
      if (target) {
        // The original assignee keeps the right to decide; the first decision wins.
        task.assigneeId = target.id;
        task.allowedIds.add(target.id);
      }
    }
    await condition(settled);

    await taskActivities.closeTask.executeWithOptions({ summary: `Close task ${spec.key}` }, [
      {
        ...this.rowOf(spec),
        status: task.completion ? 'completed' : 'cancelled',
        outcome: task.completion?.values ?? null,
        actorId: task.completion?.actor.userId ?? null,
        completedAt: task.completion?.completedAt ?? new Date().toISOString(),
      },
    ]);
    task.closed = true;
    return task.completion ? { status: 'completed', completion: task.completion } : { status: 'cancelled' };
  }

  /** Withdraw an open task (the case was cancelled); `run` then returns `cancelled`. */
  cancel(key: string): void {
    const task = this.tasks.get(key);
    if (task && !task.completion) task.cancelled = true;
  }

  isOpen(key: string): boolean {
    const task = this.tasks.get(key);
    return task !== undefined && !task.completion && !task.cancelled;
  }

  // Synchronous and throwing, so the caller gets a clear rejection before anything is recorded.
  private validate({ taskKey, actor, values }: CompleteTaskInput): void {
    const task = this.tasks.get(taskKey);
    if (!task) throw refuse(TaskFailure.unknownTask, `There is no task "${taskKey}" in this case.`);
    if (task.completion || task.cancelled)
      throw refuse(TaskFailure.notOpen, 'This task is no longer open: it was already decided or withdrawn.');
    if (!task.allowedIds.has(actor.userId) || task.spec.excludedIds.includes(actor.userId)) {
      throw refuse(TaskFailure.notAllowed, 'You may not act on this task.');
    }
    const problems = validateForm(task.spec.form, values);
    if (problems.length > 0) throw refuse(TaskFailure.invalidForm, 'The form has errors.', problems);
  }

  private validateReassignment({ taskKey, to }: ReassignTaskInput): void {
    const task = this.tasks.get(taskKey);
    if (!task) throw refuse(TaskFailure.unknownTask, `There is no task "${taskKey}" in this case.`);
    if (task.completion || task.cancelled)
      throw refuse(TaskFailure.notOpen, 'This task is no longer open: it was already decided or withdrawn.');
    if (task.spec.excludedIds.includes(to.id)) throw refuse(TaskFailure.notAllowed, `${to.name} may not act on this task.`);
    if (task.assigneeId === to.id && task.allowedIds.size === 1) throw refuse(TaskFailure.notOpen, `${to.name} already holds this task.`);
  }

  private async reassign({ taskKey, actor, to, reason }: ReassignTaskInput): Promise<void> {
    const task = this.tasks.get(taskKey)!;
    const from = task.assigneeId;
    // Set before the first await, like a completion: the task now belongs to `to` alone.
    task.assigneeId = to.id;
    task.allowedIds = new Set([to.id]);
    await taskActivities.reassignTask.executeWithOptions({ summary: `Reassign task ${taskKey} to ${to.name}` }, [
      { ...this.rowOf(task.spec), fromAssigneeId: from, to, actor, reason, at: new Date().toISOString() },
    ]);
  }

  private async complete(input: CompleteTaskInput): Promise<TaskCompletion> {
    const task = this.tasks.get(input.taskKey)!;
    // Set before the first await: a second update validated after this point sees the task taken.
    task.completion = { ...input, completedAt: new Date().toISOString() };
    await condition(() => task.closed);
    return task.completion;
  }

  private rowOf(spec: HumanTaskSpec) {
    return { orgId: spec.orgId, taskKey: spec.key, kind: spec.kind, title: spec.title, caseType: spec.caseType, caseId: spec.caseId };
  }
}
