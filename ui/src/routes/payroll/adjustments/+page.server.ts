import { randomUUID } from 'node:crypto';
import { error, fail, redirect } from '@sveltejs/kit';
import type {
  PayrollAdjustment,
  PayrollAdjustmentsAnswer,
  PayrollEmployeesAnswer,
  PayrollRunAnswer,
  PayrollSettingsAnswer,
} from '$lib/api-types';
import { parseScaled } from '$lib/decimal';
import { calendarDateIn } from '$lib/format';
import { minorDigits } from '$lib/money';
import { can } from '$lib/permissions';
import { apiClient, rethrowAsAdminError, type ApiCaller } from '$lib/server/api';
import { refusedForm } from '$lib/server/refused-form';
import { serverTimeZone } from '$lib/server/time-zone';
import type { Actions, PageServerLoad } from './$types';

const statuses = ['open', 'applied', 'cancelled', 'all'] as const;

// Adjustments carry no currency: they are paid in the organisation's, as its runs are.
const currencyOf = async (caller: ApiCaller) =>
  (await apiClient(caller).get<PayrollSettingsAnswer>('/api/payroll/settings')).settings.currency;

export const load: PageServerLoad = async (event) => {
  const { user } = event.locals;
  if (!can(user, 'payroll:run')) error(403, 'You do not have access to this page');
  const asked = event.url.searchParams.get('status');
  const status = statuses.find((known) => known === asked) ?? 'open';
  const api = apiClient(event);
  const [list, currency, people] = await Promise.all([
    api.get<PayrollAdjustmentsAnswer>(`/api/payroll/adjustments?status=${status}`),
    currencyOf(event),
    // Payroll's own list (payroll:run, as this page): those employed for payroll, whoever may see the people list.
    api.get<PayrollEmployeesAnswer>('/api/payroll/employees'),
  ]).catch(rethrowAsAdminError);
  return {
    status,
    adjustments: list.adjustments,
    more: list.more,
    currency,
    employees: people.employees.filter((person) => person.employment).map((person) => ({ value: person.id, label: person.name })),
    // A new key for each rendering of the form: posting it twice records one adjustment.
    adjustmentId: randomUUID(),
    thisMonth: calendarDateIn(new Date(), user?.timeZone ?? serverTimeZone).slice(0, 7),
  };
};

const textOf = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();

export const actions: Actions = {
  add: async (event) => {
    const formData = await event.request.formData();
    const values = {
      id: textOf(formData, 'id'),
      employeeId: textOf(formData, 'employeeId'),
      type: textOf(formData, 'type'),
      amount: textOf(formData, 'amount'),
      reason: textOf(formData, 'reason'),
      correctsPeriod: textOf(formData, 'correctsPeriod'),
      target: textOf(formData, 'target'),
    };
    try {
      const amountMinor = parseScaled(values.amount, minorDigits(await currencyOf(event)));
      if (amountMinor === null) {
        return fail(400, {
          form: 'add',
          values,
          message: 'The adjustment was not recorded.',
          fieldErrors: { amountMinor: 'Give the amount as a number, e.g. 125.00' },
        });
      }
      const { id, employeeId, type, reason, correctsPeriod, target } = values;
      const { adjustment } = await apiClient(event).post<{ adjustment: PayrollAdjustment }>('/api/payroll/adjustments', {
        id,
        employeeId,
        type,
        amountMinor,
        reason,
        correctsPeriod: correctsPeriod || null,
        target,
      });
      const where = adjustment.target === 'off_cycle' ? 'an off-cycle run' : 'the next run';
      return { form: 'add', done: `The adjustment for ${adjustment.employeeName} was recorded: ${where} pays it.` };
    } catch (cause) {
      return refusedForm(cause, 'add', values);
    }
  },

  cancel: async (event) => {
    const values = { id: textOf(await event.request.formData(), 'id') };
    try {
      await apiClient(event).delete(`/api/payroll/adjustments/${encodeURIComponent(values.id)}`);
    } catch (cause) {
      return refusedForm(cause, 'cancel', values);
    }
    return { form: 'cancel', done: 'The adjustment was cancelled: no run will pay it.' };
  },

  offCycle: async (event) => {
    const values = { period: textOf(await event.request.formData(), 'period') };
    let run: PayrollRunAnswer['run'];
    try {
      ({ run } = await apiClient(event).post<PayrollRunAnswer>('/api/payroll/runs', { period: values.period, offCycle: true }));
    } catch (cause) {
      return refusedForm(cause, 'offCycle', values);
    }
    redirect(303, `/payroll?period=${run.key}`);
  },
};
