import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { FormValues, TaskForm } from './form.ts';

export interface Actor {
  userId: string;
  name: string;
}

export interface CompleteTaskInput {
  taskKey: string;
  actor: Actor;
  values: FormValues;
}

export interface TaskCompletion {
  taskKey: string;
  actor: Actor;
  values: FormValues;
  completedAt: string;
}

export interface TaskSnapshot {
  key: string;
  kind: string;
  assigneeId: string;
  allowedIds: string[];
  status: 'open' | 'completed' | 'cancelled';
  form: TaskForm;
}

export interface ReassignTaskInput {
  taskKey: string;
  /** Who reassigns: the API has checked their permission and scope. */
  actor: Actor;
  to: { id: string; name: string; email: string };
  reason: string | null;
}

/** Every process's human step completes through this one update. */
export const completeTaskUpdate = defineUpdate<TaskCompletion, [CompleteTaskInput]>('completeTask');
export const tasksQuery = defineQuery<TaskSnapshot[]>('tasks');
/** Hands an open task to someone else (delegation); only they may then complete it. */
export const reassignTaskUpdate = defineUpdate<void, [ReassignTaskInput]>('reassignTask');

/** Failure types the API maps to HTTP answers (see api/errors.ts). */
export const TaskFailure = {
  unknownTask: 'UnknownTask',
  notOpen: 'TaskNotOpen',
  notAllowed: 'NotAllowed',
  invalidForm: 'InvalidForm',
} as const;
