import { fail, type RequestEvent } from '@sveltejs/kit';
import type { TimeLoggedAnswer } from '$lib/api-types';
import { formatMinutes } from '$lib/decimal';
import { apiClient } from '$lib/server/api';
import { engagementPath, refusalOf } from './engagement-api';

// The assignee's commands on a work item: start it, log time on it.

const text = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();
const itemPath = (event: RequestEvent, key: string) => `${engagementPath(event)}/items/${encodeURIComponent(key)}`;

export const itemActions = {
  startItem: async (event: RequestEvent) => {
    const key = text(await event.request.formData(), 'key');
    try {
      await apiClient(event).post(`${itemPath(event, key)}/start`, {});
    } catch (cause) {
      const { status, message } = refusalOf(cause);
      return fail(status, { action: 'item' as const, key, message });
    }
    return { action: 'item' as const, key, done: 'You started this item.' };
  },
  logTime: async (event: RequestEvent) => {
    const formData = await event.request.formData();
    const key = text(formData, 'key');
    const entered = { minutes: text(formData, 'minutes'), loggedOn: text(formData, 'loggedOn'), note: text(formData, 'note') };
    const entryId = text(formData, 'entryId');
    if (!/^\d{1,4}$/.test(entered.minutes)) {
      const message = 'Give the time in whole minutes, such as 90.';
      return fail(400, { action: 'item' as const, key, entered, entryId, message, fieldErrors: { minutes: message } });
    }
    try {
      const { loggedMinutes } = await apiClient(event).post<TimeLoggedAnswer>(`${itemPath(event, key)}/time`, {
        entryId,
        minutes: Number(entered.minutes),
        loggedOn: entered.loggedOn,
        ...(entered.note ? { note: entered.note } : {}),
      });
      return {
        action: 'item' as const,
        key,
        done: `Logged ${formatMinutes(Number(entered.minutes))}: ${formatMinutes(loggedMinutes)} in all.`,
      };
    } catch (cause) {
      // The same entry id on a retry: had the first attempt been recorded after all, it is not logged twice.
      const { status, message, fieldErrors } = refusalOf(cause);
      return fail(status, { action: 'item' as const, key, entered, entryId, message, fieldErrors });
    }
  },
};
