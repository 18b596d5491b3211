// The kit's state is plain data: a workflow hands it to continue-as-new and picks it up again.
import type { TaskForm } from './form.ts';
import type { Actor, Assignee, TaskCompletion } from './messages.ts';

export type Priority = 'low' | 'normal' | 'high' | 'urgent';

/** The case's business fields as its case type declares them: the inbox shows, filters and searches them. */
export type TaskFields = Record<string, string | number | null>;

/** A holder standing in for someone away: the task goes back to them at `backAt`, or when they return early. */
export interface StandingInFor {
  person: Assignee;
  backAt: string;
}

/** A queue: everyone with the role (in the department, when given), everyone in the department, or a list. */
export interface TaskQueue {
  role?: string;
  departmentId?: string;
  userIds?: string[];
  /** How the queue reads in the inbox ("Sales closers"). */
  label: string;
}

/** Where a step escalates when its ladder says so. */
export type EscalationTarget = { type: 'reporting-line' } | { type: 'queue'; queue: TaskQueue } | { type: 'person'; person: Assignee };

/** One rung of a step's ladder, placed relative to the due time (negative: before it). */
export interface LadderRung {
  afterDueMs: number;
  action: 'remind' | 'escalate';
}

/** What a process asks for when it opens a step. */
export interface TaskSpec {
  step: string;
  kind: string;
  title: string;
  form: TaskForm;
  /** The permission needed to decide (or claim, or receive) it, over the case's subject. */
  permission: string;
  assignee?: Assignee;
  queue?: TaskQueue;
  /** Never decides this task, whatever else says so (the person who started the case). */
  excludedIds?: string[];
  /** Tasks sharing a group need different deciders (a four-eyes pair). */
  fourEyesGroup?: string;
  priority?: Priority;
  dueInMs?: number;
  ladder?: LadderRung[];
  escalateTo?: EscalationTarget;
  /** Why this round opened (a send-back's reason), shown on the task and in the timeline. */
  note?: string | null;
  fields?: TaskFields;
  /** The assignee stands in for this person, who is away. */
  standingInFor?: StandingInFor;
}

export type TaskStatus = 'open' | 'completed' | 'cancelled';

export interface TaskState {
  key: string;
  step: string;
  round: number;
  kind: string;
  title: string;
  form: TaskForm;
  permission: string;
  queue: TaskQueue | null;
  holder: Assignee | null;
  delegate: Assignee | null;
  /** Former holders who keep the right to decide (the original approver after an escalation). */
  alsoAllowed: Assignee[];
  excludedIds: string[];
  fourEyesGroup: string | null;
  priority: Priority;
  dueAt: string | null;
  ladder: LadderRung[];
  nextRung: number;
  escalateTo: EscalationTarget;
  escalationLevel: number;
  note: string | null;
  status: TaskStatus;
  completion: TaskCompletion | null;
  /** Bumped by every change: the row is only ever overwritten by a newer state, and a timer or a
   * lookup that finds the version moved knows someone acted meanwhile. */
  version: number;
  openedAt: string;
  /** Absent in states saved before tasks carried them. */
  fields?: TaskFields;
  /** Whom the holder (`standInId`) stands in for; cleared once it went back or someone else took it. */
  standingInFor?: (StandingInFor & { standInId: string }) | null;
}

/** What the `tasks` query shows. */
export type TaskSnapshot = Pick<
  TaskState,
  'key' | 'step' | 'round' | 'kind' | 'status' | 'holder' | 'delegate' | 'queue' | 'dueAt' | 'version' | 'escalationLevel' | 'priority'
>;

export const snapshotOf = (t: TaskState): TaskSnapshot => ({
  key: t.key,
  step: t.step,
  round: t.round,
  kind: t.kind,
  status: t.status,
  holder: t.holder,
  delegate: t.delegate,
  queue: t.queue,
  dueAt: t.dueAt,
  version: t.version,
  escalationLevel: t.escalationLevel,
  priority: t.priority,
});

export function inQueue(queue: TaskQueue | null, actor: Pick<Actor, 'userId' | 'roles' | 'departmentId'>): boolean {
  if (!queue) return false;
  if (queue.userIds?.includes(actor.userId)) return true;
  if (queue.role) return actor.roles.includes(queue.role) && (!queue.departmentId || queue.departmentId === actor.departmentId);
  return queue.departmentId !== undefined && queue.departmentId === actor.departmentId;
}

export const holds = (task: TaskState, userId: string) => task.holder?.id === userId || task.alsoAllowed.some((p) => p.id === userId);

export const mayDecideAtAll = (task: TaskState, permissions: string[], userId: string) =>
  permissions.includes(task.permission) && !task.excludedIds.includes(userId);
