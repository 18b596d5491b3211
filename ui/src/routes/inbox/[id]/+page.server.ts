import { randomUUID } from 'node:crypto';
import { fail, redirect, type RequestEvent } from '@sveltejs/kit';
import type { TaskDetail } from '$lib/api-types';
import type { TaskComments } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { postComment } from './comment-action';
import { decisionFrom, type EnteredValues } from './decision-values';
import type { Actions, PageServerLoad } from './$types';

const taskPath = (event: RequestEvent) => `/api/tasks/${encodeURIComponent(event.params.id ?? '')}`;

export const load: PageServerLoad = async (event) => {
  // `app:task-talk`: a live message on this task reloads the page's data, not the layout's.
  event.depends('app:tasks', 'app:task-talk');
  const api = apiClient(event);
  const [detail, talk] = await Promise.all([
    api.get<TaskDetail>(taskPath(event)),
    api.get<TaskComments>(`${taskPath(event)}/comments`),
  ]).catch(rethrowAsHttpError);
  // A new id per page shown: posting the form twice (a double click, a retry) makes one comment.
  return { ...detail, ...talk, commentId: randomUUID() };
};

type TaskAction = 'complete' | 'claim' | 'release' | 'resolve' | 'comment';

// The API's own words, except where the UI can say more (the kit's refusals name who holds the task).
const REFUSALS: Record<string, string> = {
  task_not_open: 'This task is no longer open: it was already decided or withdrawn',
  invalid_form: 'The decision is not complete: check the fields below',
};

function refused(action: TaskAction, cause: unknown, kept: { entered?: EnteredValues; comment?: string } = {}) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return fail(cause.status, {
    action,
    ...kept,
    message: REFUSALS[cause.code] ?? cause.message,
    fieldErrors: fieldErrorsFrom(cause.details),
  });
}

/** A command that needs nothing but the task (claim, release): the page stays, showing its new state. */
function commandWithoutInput(action: 'claim' | 'release', done: string) {
  return async (event: RequestEvent) => {
    try {
      await apiClient(event).post(`${taskPath(event)}/${action}`, {});
    } catch (cause) {
      return refused(action, cause);
    }
    return { action, done };
  };
}

export const actions: Actions = {
  complete: async (event) => {
    const api = apiClient(event);
    // The form's field types say how to read the inputs (a number, an amount, several choices).
    const { task } = await api.get<TaskDetail>(taskPath(event)).catch(rethrowAsHttpError);
    const { values, entered, problems } = decisionFrom(task.form.fields, await event.request.formData());
    if (Object.keys(problems).length > 0) {
      return fail(422, { action: 'complete' as const, entered, message: REFUSALS.invalid_form, fieldErrors: problems });
    }
    try {
      await api.post(`${taskPath(event)}/complete`, { values });
    } catch (cause) {
      return refused('complete', cause, { entered });
    }
    redirect(303, '/inbox');
  },
  comment: async (event) => {
    const formData = await event.request.formData();
    const body = String(formData.get('body') ?? '');
    try {
      await postComment(event, taskPath(event), formData);
    } catch (cause) {
      return refused('comment', cause, { comment: body });
    }
    return { action: 'comment' as const, done: 'Your message is posted.' };
  },
  claim: commandWithoutInput('claim', 'You hold this task now.'),
  release: commandWithoutInput('release', 'You handed the task back to its queue.'),
  resolve: async (event) => {
    const comment = String((await event.request.formData()).get('comment') ?? '').trim();
    try {
      await apiClient(event).post(`${taskPath(event)}/resolve`, comment ? { comment } : {});
    } catch (cause) {
      return refused('resolve', cause, { comment });
    }
    // Back with its holder, the task drops out of the delegate's inbox.
    redirect(303, '/inbox');
  },
};
