import { fail, type RequestEvent } from '@sveltejs/kit';
import { apiClient } from '$lib/server/api';
import { engagementPath, refusalOf } from './engagement-api';

// A manager's commands (hold, resume, cancel) and a closer's "bring back now": the workflow decides
// whether they apply; the page says what it answered.

const commands = {
  hold: { path: 'hold', done: 'The engagement is on hold: its open steps are withdrawn until it resumes.' },
  resume: { path: 'resume', done: 'The engagement goes on where it stopped.' },
  cancel: { path: 'cancel', done: 'The engagement is cancelled.' },
  followUpNow: { path: 'follow-up-now', done: 'The lead is back for qualification now.' },
} as const;

type Command = keyof typeof commands;

function command(name: Command) {
  return async (event: RequestEvent) => {
    const reason = String((await event.request.formData()).get('reason') ?? '').trim();
    try {
      await apiClient(event).post(`${engagementPath(event)}/${commands[name].path}`, reason ? { reason } : {});
    } catch (cause) {
      const { status, message } = refusalOf(cause);
      return fail(status, { action: 'manage' as const, reason, message });
    }
    return { action: 'manage' as const, done: commands[name].done };
  };
}

export const manageActions = {
  hold: command('hold'),
  resume: command('resume'),
  cancel: command('cancel'),
  followUpNow: command('followUpNow'),
};
