import { error, fail, redirect } from '@sveltejs/kit';
import type { PayrollLinesAnswer, PayrollRunAnswer, PayrollRunsAnswer } from '$lib/api-types';
import { parseScaled } from '$lib/decimal';
import { errorsByField, fieldErrorsFrom, type FieldErrors } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsAdminError, type ApiCaller } from '$lib/server/api';
import { periodPattern, runKeyPattern } from '../../../../domain/payroll/period';
import type { Actions, PageServerLoad } from './$types';

const filters = ['all', 'flagged', 'problem', 'excluded'] as const;
const linesPerPage = 100;
const uuidPattern = /^[0-9a-f-]{36}$/i;
type LineFilter = (typeof filters)[number];

/** The month a page shows when none is asked for: this one, as the server's clock has it. */
const currentPeriod = () => new Date().toISOString().slice(0, 7);

/**
 * The run by its key (a month, or `yyyy-mm-offN` for an off-cycle run), or null while it has not been
 * started. The list says which runs exist: asking for one that does not would be refused as a record
 * one may not see, and recorded as a denied access.
 */
async function runOf(caller: ApiCaller, key: string) {
  const api = apiClient(caller);
  const { runs } = await api.get<PayrollRunsAnswer>('/api/payroll/runs').catch(rethrowAsAdminError);
  if (!runs.some((run) => run.key === key)) return null;
  return (await api.get<PayrollRunAnswer>(`/api/payroll/runs/${key}`).catch(rethrowAsAdminError)).run;
}

export const load: PageServerLoad = async (event) => {
  event.depends('app:payroll-run');
  const { user } = event.locals;
  if (!can(user, 'payroll:run') && !can(user, 'payroll:approve')) error(403, 'You do not have access to this page');
  // `?period=` names a run: its month, or an off-cycle run's key.
  const asked = event.url.searchParams.get('period') ?? '';
  const period = runKeyPattern.test(asked) ? asked : currentPeriod();
  const askedFilter = event.url.searchParams.get('filter') as LineFilter | null;
  const filter: LineFilter = askedFilter && filters.includes(askedFilter) ? askedFilter : 'all';
  // A page of lines at a time (`after` the last one shown): a month of thousands is never read whole,
  // and not every second while the run computes.
  const askedAfter = event.url.searchParams.get('after') ?? '';
  const after = uuidPattern.test(askedAfter) ? askedAfter : null;
  const run = can(user, 'payroll:run') ? await runOf(event, period) : null;
  const page = run
    ? await apiClient(event)
        .get<PayrollLinesAnswer>(
          `/api/payroll/runs/${period}/lines?filter=${filter}&limit=${linesPerPage}${after ? `&after=${after}` : ''}`,
        )
        .catch(rethrowAsAdminError)
    : { lines: [], next: null };
  return {
    period,
    filter,
    run,
    lines: page.lines,
    next: page.next,
    paged: after !== null,
    canStart: can(user, 'payroll:run'),
    canDownloadBankFile: can(user, 'payroll:approve') && (run?.status === 'approved' || run?.status === 'paid'),
  };
};

type Refusal = { form: string; employeeId?: string; message: string; fieldErrors: FieldErrors; values: Record<string, string> };

function refused(cause: unknown, form: Omit<Refusal, 'message' | 'fieldErrors'>) {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
  return fail(cause.status, { ...form, message: cause.message, fieldErrors: errorsByField(fieldErrorsFrom(cause.details)) });
}

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

/** The line a form names: its run's key and its employee, as the page rendered them. */
function lineOf(data: FormData) {
  const period = text(data, 'period');
  const employeeId = text(data, 'employeeId');
  if (!runKeyPattern.test(period) || !uuidPattern.test(employeeId)) error(400, 'That line is not one of a run');
  return { period, employeeId };
}

export const actions: Actions = {
  start: async (event) => {
    const data = await event.request.formData();
    const period = text(data, 'period');
    const values: Record<string, string> = { period };
    if (!periodPattern.test(period)) {
      return fail(400, {
        form: 'start',
        values,
        message: 'The run was not started.',
        fieldErrors: { period: 'Give the month as yyyy-mm' },
      });
    }
    try {
      await apiClient(event).post('/api/payroll/runs', { period });
    } catch (cause) {
      return refused(cause, { form: 'start', values });
    }
    redirect(303, `/payroll?period=${period}`);
  },

  correct: async (event) => {
    const data = await event.request.formData();
    const { period, employeeId } = lineOf(data);
    const values: Record<string, string> = {
      overtimeHours: text(data, 'overtimeHours'),
      unpaidDays: text(data, 'unpaidDays'),
      note: text(data, 'note'),
    };
    const fieldErrors: FieldErrors = {};
    const overtimeHundredths = values.overtimeHours === '' ? undefined : parseScaled(values.overtimeHours!, 2);
    if (overtimeHundredths === null) fieldErrors.overtimeHundredths = 'Give the hours as a number, e.g. 3.5';
    const unpaidDays = values.unpaidDays === '' ? undefined : parseScaled(values.unpaidDays!, 0);
    if (unpaidDays === null) fieldErrors.unpaidDays = 'Give the days as a whole number';
    if (Object.keys(fieldErrors).length > 0) {
      return fail(400, { form: 'correct', employeeId, values, message: 'The line was not corrected.', fieldErrors });
    }
    try {
      await apiClient(event).post(`/api/payroll/runs/${period}/lines/${employeeId}/correction`, {
        overtimeHundredths,
        unpaidDays,
        note: values.note,
      });
    } catch (cause) {
      return refused(cause, { form: 'correct', employeeId, values });
    }
    return { form: 'correct', employeeId, done: 'The line was recomputed.' };
  },

  exclude: async (event) => {
    const data = await event.request.formData();
    const { period, employeeId } = lineOf(data);
    const values: Record<string, string> = { reason: text(data, 'reason') };
    try {
      await apiClient(event).post(`/api/payroll/runs/${period}/lines/${employeeId}/exclusion`, { reason: values.reason });
    } catch (cause) {
      return refused(cause, { form: 'exclude', employeeId, values });
    }
    return { form: 'exclude', employeeId, done: 'The line is excluded.' };
  },

  // One line after its employee's set-up was fixed, or (with no employee) every line in error.
  recompute: async (event) => {
    const data = await event.request.formData();
    const period = text(data, 'period');
    const employeeId = text(data, 'employeeId');
    if (!runKeyPattern.test(period) || (employeeId !== '' && !uuidPattern.test(employeeId))) error(400, 'That is not a run’s line');
    let answer: { recomputed: number };
    try {
      answer = await apiClient(event).post(`/api/payroll/runs/${period}/recompute`, { employeeId: employeeId || null });
    } catch (cause) {
      return refused(cause, { form: 'recompute', ...(employeeId ? { employeeId } : {}), values: {} });
    }
    const done = `Recomputed ${answer.recomputed === 1 ? 'one line' : `${answer.recomputed} lines`} with the set-up as it is now.`;
    return { form: 'recompute', ...(employeeId ? { employeeId } : {}), done };
  },

  include: async (event) => {
    const data = await event.request.formData();
    const { period, employeeId } = lineOf(data);
    try {
      await apiClient(event).post(`/api/payroll/runs/${period}/lines/${employeeId}/exclusion`, { reason: null });
    } catch (cause) {
      return refused(cause, { form: 'include', employeeId, values: {} });
    }
    return { form: 'include', employeeId, done: 'The line is included again.' };
  },
};
