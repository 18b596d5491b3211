import { randomUUID } from 'node:crypto';
import { fail } from '@sveltejs/kit';
import type {
  AssignablePeopleAnswer,
  EngagementAnswer,
  EngagementWorkItem,
  MyWorkAnswer,
  QuoteSubmittedAnswer,
  WorkPlanSubmittedAnswer,
} from '$lib/api-types';
import type { FieldErrors } from '$lib/field-errors';
import { calendarDateIn } from '$lib/format';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import { temporalWorkflowPage } from '$lib/server/temporal-web-ui';
import { serverTimeZone } from '$lib/server/time-zone';
import { engagementPath, refusalOf } from './engagement-api';
import { itemActions } from './item-actions';
import { manageActions } from './manage-actions';
import { planErrorsAtRows, planItemsFrom } from './work-plan-items';
import { quoteErrorsAtRows, quoteLinesFrom } from './quote-lines';
import type { Actions, PageServerLoad } from './$types';

/** The viewer's open items, with the day a time entry is for and an id for each entry. */
function yourWork(items: EngagementWorkItem[], user: App.Locals['user']) {
  const mine = items.filter((item) => item.assigneeId === user?.id && item.status !== 'done');
  return {
    today: calendarDateIn(new Date(), user?.timeZone ?? serverTimeZone),
    // Made when the page is shown: a double click logs the entry once.
    entryIds: Object.fromEntries(mine.map((item) => [item.key, randomUUID()])),
  };
}

export const load: PageServerLoad = async (event) => {
  // A stage moves when a step is done, and every step is a task: the page follows the inbox's news.
  event.depends('app:tasks');
  const api = apiClient(event);
  const user = event.locals.user;
  const path = engagementPath(event);
  const answer = await api.get<EngagementAnswer>(path).catch((cause: unknown) => {
    // Someone who does the work but may not see engagements sees their own items of it, and no more.
    if (cause instanceof ApiError && cause.status === 403 && can(user, 'work:do')) return null;
    return rethrowAsHttpError(cause);
  });
  if (!answer) {
    const { engagement, workItems } = await api.get<MyWorkAnswer>(`${path}/my-work`).catch(rethrowAsHttpError);
    return { view: 'assignee' as const, engagement, workItems, ...yourWork(workItems, user) };
  }
  const { engagement, timeline } = answer;
  const open = engagement.status === 'open';
  const editing = {
    quote: open && engagement.stage === 'quote' && can(user, 'quotes:prepare'),
    plan: open && engagement.stage === 'breakdown' && can(user, 'work:plan'),
  };
  const people = editing.plan ? (await api.get<AssignablePeopleAnswer>(`${path}/assignable-people`).catch(rethrowAsHttpError)).people : [];
  return {
    view: 'full' as const,
    engagement,
    workItems: engagement.workItems,
    timeline,
    editing,
    people,
    canManage: can(user, 'engagements:manage') && (open || engagement.status === 'on_hold'),
    canBringBack: can(user, 'leads:qualify') && open && engagement.stage === 'follow-up',
    temporalLink: can(user, 'operations:decode-payloads') ? temporalWorkflowPage(`engagement-${engagement.id}`) : null,
    ...yourWork(engagement.workItems, user),
  };
};

/** Sends an editor's rows: refused at once when a row cannot be read, else what the API said, its errors at the rows. */
async function submitRows<Action extends string, Entered>(
  action: Action,
  read: { entered: Entered; problems: FieldErrors },
  summary: string,
  send: () => Promise<string>,
  errorsAtRows: (errors: FieldErrors) => FieldErrors,
) {
  if (Object.keys(read.problems).length > 0)
    return fail(400, { action, entered: read.entered, message: summary, fieldErrors: read.problems });
  try {
    return { action, done: await send() };
  } catch (cause) {
    const { status, message, fieldErrors } = refusalOf(cause);
    return fail(status, { action, entered: read.entered, message, fieldErrors: errorsAtRows(fieldErrors) });
  }
}

export const actions: Actions = {
  quote: async (event) => {
    const api = apiClient(event);
    const { engagement } = await api.get<EngagementAnswer>(engagementPath(event)).catch(rethrowAsHttpError);
    const read = quoteLinesFrom(await event.request.formData(), engagement.currency);
    return submitRows(
      'quote' as const,
      read,
      'The quote was not sent: see the lines below.',
      async () => {
        const { quote } = await api.post<QuoteSubmittedAnswer>(`${engagementPath(event)}/quote`, { lines: read.lines });
        const next = quote.needsApproval ? 'it waits for a sales manager’s approval' : 'it is on its way to the client';
        return `Quote version ${quote.version} is saved: ${next}.`;
      },
      (errors) => quoteErrorsAtRows(errors, read.rowOfLine),
    );
  },
  workPlan: async (event) => {
    const read = planItemsFrom(await event.request.formData());
    return submitRows(
      'workPlan' as const,
      read,
      'The work plan was not saved: see the items below.',
      async () => {
        const planned = await apiClient(event).post<WorkPlanSubmittedAnswer>(`${engagementPath(event)}/work-plan`, { items: read.items });
        return `The work plan is saved: ${planned.items} ${planned.items === 1 ? 'item' : 'items'}.`;
      },
      (errors) => planErrorsAtRows(errors, read.entered, read.rowOfItem),
    );
  },
  ...manageActions,
  ...itemActions,
};
