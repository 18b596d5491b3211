import type { HolidayCalendar, HolidayPlaces, HolidaysFilled } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import { refusedForm, typedNumber } from '$lib/server/refused-form';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  // The API checks the year; a page address with a wrong one gets its 400.
  const year = event.url.searchParams.get('year');
  const calendar = await api
    .get<HolidayCalendar>(`/api/admin/holidays${year ? `?year=${encodeURIComponent(year)}` : ''}`)
    .catch(rethrowAsAdminError);
  const places = await api
    .get<HolidayPlaces>(`/api/admin/holiday-places${calendar.country ? `?country=${encodeURIComponent(calendar.country)}` : ''}`)
    .catch(rethrowAsAdminError);
  return { calendar, ...places };
};

const textOf = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();

export const actions: Actions = {
  place: async (event) => {
    const formData = await event.request.formData();
    const country = textOf(formData, 'country') || null;
    // The regions offered are the saved country's: with another country they mean nothing.
    const sameCountry = country === (textOf(formData, 'savedCountry') || null);
    const values = { country, region: (sameCountry && textOf(formData, 'region')) || null };
    try {
      await apiClient(event).patch('/api/admin/holiday-region', values);
    } catch (cause) {
      return refusedForm(cause, 'place', values);
    }
    return { form: 'place', done: 'Where the public holidays come from was saved.' };
  },
  fill: async (event) => {
    const values = { year: typedNumber(textOf(await event.request.formData(), 'year')) };
    try {
      const { added } = await apiClient(event).post<HolidaysFilled>('/api/admin/holidays/fill', values);
      return {
        form: 'fill',
        done: added === 0 ? 'Nothing to add: every public holiday of the year is there.' : `${added} public holidays added.`,
      };
    } catch (cause) {
      return refusedForm(cause, 'fill', values);
    }
  },
  add: async (event) => {
    const formData = await event.request.formData();
    const values = { day: textOf(formData, 'day'), name: textOf(formData, 'name') };
    try {
      await apiClient(event).post('/api/admin/holidays', values);
    } catch (cause) {
      return refusedForm(cause, 'add', values);
    }
    return { form: 'add', done: `${values.name} was added.` };
  },
  rename: async (event) => {
    const formData = await event.request.formData();
    const id = textOf(formData, 'id');
    const values = { name: textOf(formData, 'name') };
    try {
      await apiClient(event).patch(`/api/admin/holidays/${encodeURIComponent(id)}`, values);
    } catch (cause) {
      return refusedForm(cause, `rename:${id}`, values);
    }
    return { form: `rename:${id}`, done: `Renamed to ${values.name}.` };
  },
  remove: async (event) => {
    const id = textOf(await event.request.formData(), 'id');
    try {
      await apiClient(event).delete(`/api/admin/holidays/${encodeURIComponent(id)}`);
    } catch (cause) {
      return refusedForm(cause, `rename:${id}`, {});
    }
    return { form: 'remove', done: 'The holiday was removed.' };
  },
};
