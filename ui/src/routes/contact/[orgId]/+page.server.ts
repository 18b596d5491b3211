import { error, fail } from '@sveltejs/kit';
import type { PublicLeadForm, PublicOrganization } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { parseMajorUnits } from '$lib/money';
import { ApiError, apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { ServiceCategory } from '$lib/service-categories';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const organization = await apiClient(event)
    .get<PublicOrganization>(`/api/public/organizations/${encodeURIComponent(event.params.orgId)}`)
    .catch((cause: unknown) => {
      if (cause instanceof ApiError && (cause.status === 400 || cause.status === 404)) error(404, 'There is no such contact form.');
      rethrowAsHttpError(cause);
    });
  // When the form was shown: the API takes a form sent back within seconds for a bot's.
  return { organization, startedAt: Date.now() };
};

const text = (data: FormData, name: string) => String(data.get(name) ?? '').trim();

export const actions: Actions = {
  default: async (event) => {
    const data = await event.request.formData();
    const values = {
      contactName: text(data, 'contactName'),
      email: text(data, 'email'),
      phone: text(data, 'phone'),
      company: text(data, 'company'),
      serviceCategory: text(data, 'serviceCategory'),
      budget: text(data, 'budget'),
      notes: text(data, 'notes'),
      startedAt: text(data, 'startedAt'),
    };
    const budgetMinor = values.budget ? parseMajorUnits(values.budget.replace(/[\s,]/g, ''), text(data, 'currency') || 'EUR') : null;
    if (values.budget && (budgetMinor === null || budgetMinor < 0))
      return fail(400, { sent: false, values, message: null, fieldErrors: { budgetMinor: 'must be an amount, such as 2500 or 2500.50' } });
    const lead: PublicLeadForm = {
      orgId: event.params.orgId,
      contactName: values.contactName,
      email: values.email || undefined,
      phone: values.phone || undefined,
      company: values.company || undefined,
      // The API names a category it does not know.
      serviceCategory: values.serviceCategory as ServiceCategory,
      budgetMinor: budgetMinor ?? undefined,
      notes: values.notes || undefined,
      website: text(data, 'website') || undefined,
      startedAt: Number(values.startedAt) || undefined,
    };
    try {
      await apiClient(event).post('/api/public/leads', lead);
    } catch (cause) {
      if (!(cause instanceof ApiError)) throw cause;
      return fail(cause.status, { sent: false, values, message: cause.message, fieldErrors: fieldErrorsFrom(cause.details) });
    }
    return { sent: true, values: null, message: null, fieldErrors: {} };
  },
};
