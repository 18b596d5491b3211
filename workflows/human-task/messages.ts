import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { FormValues } from './form.ts';
import type { TaskSnapshot } from './state.ts';

/**
 * Who acts, as the API established it: their roles and department (for queue membership) and the
 * permissions they hold over the case's subject (the API checks the scope; the workflow checks
 * the task's permission is among them).
 */
export interface Actor {
  userId: string;
  name: string;
  email: string;
  roles: string[];
  departmentId: string | null;
  permissions: string[];
  /** Where the request came from, for the audit trail. */
  address?: string | null;
}

/** Someone a task is handed to, with the permissions they hold over the case's subject. */
export interface Assignee {
  id: string;
  name: string;
  email: string;
  permissions: string[];
}

interface TaskCommand {
  taskKey: string;
  actor: Actor;
}

export type ClaimTaskInput = TaskCommand;
export type ReleaseTaskInput = TaskCommand;
export type CompleteTaskInput = TaskCommand & { values: FormValues };
export type ResolveTaskInput = TaskCommand & { comment: string | null };
export type DelegateTaskInput = TaskCommand & { to: Assignee; reason: string | null };
export type ReassignTaskInput = TaskCommand & { to: Assignee; reason: string | null };
export type MoveTaskDueInput = TaskCommand & { dueAt: string; reason: string | null };

export interface TaskCompletion {
  taskKey: string;
  actor: Actor;
  values: FormValues;
  completedAt: string;
}

/** A person left (deactivated): the workflow moves their open tasks on. */
export interface HolderDepartedSignal {
  userId: string;
}

// Every process's human steps answer to these, whatever the case type.
export const claimTaskUpdate = defineUpdate<TaskSnapshot, [ClaimTaskInput]>('claimTask');
export const releaseTaskUpdate = defineUpdate<TaskSnapshot, [ReleaseTaskInput]>('releaseTask');
export const delegateTaskUpdate = defineUpdate<TaskSnapshot, [DelegateTaskInput]>('delegateTask');
export const resolveTaskUpdate = defineUpdate<TaskSnapshot, [ResolveTaskInput]>('resolveTask');
export const reassignTaskUpdate = defineUpdate<TaskSnapshot, [ReassignTaskInput]>('reassignTask');
export const moveTaskDueUpdate = defineUpdate<TaskSnapshot, [MoveTaskDueInput]>('moveTaskDue');
export const completeTaskUpdate = defineUpdate<TaskCompletion, [CompleteTaskInput]>('completeTask');
export const holderDepartedSignal = defineSignal<[HolderDepartedSignal]>('holderDeparted');
/** A person back before their absence was due to end: tasks held for them go back now. */
export const holderReturnedSignal = defineSignal<[HolderDepartedSignal]>('holderReturned');
export const tasksQuery = defineQuery<TaskSnapshot[]>('tasks');

/** Failure types the API maps to HTTP answers (see api/tasks/commands.ts). */
export const TaskFailure = {
  unknownTask: 'UnknownTask',
  notOpen: 'TaskNotOpen',
  notAllowed: 'NotAllowed',
  conflict: 'TaskConflict',
  invalidForm: 'InvalidForm',
  invalidAssignee: 'InvalidAssignee',
} as const;
