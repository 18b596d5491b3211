import { randomUUID } from 'node:crypto';
import type { RequestEvent } from '@sveltejs/kit';
import type { ClientDetail } from '$lib/api-types';
import { can } from '$lib/permissions';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import { documentActions, loadDocuments } from '$lib/server/documents';
import { refusedForm } from '$lib/server/refused-form';
import type { Actions, PageServerLoad } from './$types';

const clientPath = (event: RequestEvent) => `/api/clients/${encodeURIComponent(event.params.id ?? '')}`;

export const load: PageServerLoad = async (event) => {
  const [detail, documents] = await Promise.all([
    apiClient(event).get<ClientDetail>(clientPath(event)),
    loadDocuments(event, { type: 'client', id: event.params.id }),
  ]).catch(rethrowAsAdminError);
  return {
    ...detail,
    ...documents,
    canWrite: can(event.locals.user, 'leads:capture'),
    // New per page shown: posting a form twice (a double click, a retry) records it once.
    ids: { note: randomUUID(), interaction: randomUUID(), followUp: randomUUID(), contact: randomUUID() },
  };
};

const textOf = (formData: FormData, name: string) => String(formData.get(name) ?? '').trim();
/** The fields that were filled in: an empty optional field is left out, for the API to take as none. */
const filled = (values: Record<string, string>) => Object.fromEntries(Object.entries(values).filter(([, value]) => value !== ''));

/** What was typed into the form, to show it again beside the refusal. */
const typed = (formData: FormData) => Object.fromEntries([...formData].filter(([, value]) => typeof value === 'string'));

/**
 * One form's action: `send` posts it and says what was done; a refusal comes back to that form with
 * what was typed. Forms repeated per row (a contact, a follow-up, a tag) name their row in `key`.
 */
function clientAction(form: string, send: (event: RequestEvent, formData: FormData) => Promise<string>) {
  return async (event: RequestEvent) => {
    const formData = await event.request.formData();
    const name = form.endsWith(':') ? `${form}${textOf(formData, 'key')}` : form;
    try {
      return { form: name, done: await send(event, formData) };
    } catch (cause) {
      return refusedForm(cause, name, typed(formData));
    }
  };
}

export const actions: Actions = {
  note: clientAction('note', async (event, formData) => {
    const values = { id: textOf(formData, 'id'), body: textOf(formData, 'body') };
    await apiClient(event).post(`${clientPath(event)}/notes`, values);
    return 'The note was added.';
  }),
  interaction: clientAction('interaction', async (event, formData) => {
    const values = filled({
      id: textOf(formData, 'id'),
      kind: textOf(formData, 'kind'),
      occurredOn: textOf(formData, 'occurredOn'),
      outcome: textOf(formData, 'outcome'),
      note: textOf(formData, 'note'),
      contactId: textOf(formData, 'contactId'),
    });
    await apiClient(event).post(`${clientPath(event)}/interactions`, values);
    return 'The interaction was recorded.';
  }),
  followUp: clientAction('followUp', async (event, formData) => {
    const values = filled({
      id: textOf(formData, 'id'),
      dueOn: textOf(formData, 'dueOn'),
      subject: textOf(formData, 'subject'),
      ownerId: textOf(formData, 'ownerId'),
    });
    await apiClient(event).post(`${clientPath(event)}/follow-ups`, values);
    return 'The follow-up was scheduled.';
  }),
  followUpDone: clientAction('followUpDone:', async (event, formData) => {
    await apiClient(event).post(`${clientPath(event)}/follow-ups/${encodeURIComponent(textOf(formData, 'key'))}/done`, {});
    return 'The follow-up is done.';
  }),
  contact: clientAction('contact', async (event, formData) => {
    const values = filled({
      id: textOf(formData, 'id'),
      name: textOf(formData, 'name'),
      email: textOf(formData, 'email'),
      phone: textOf(formData, 'phone'),
    });
    await apiClient(event).post(`${clientPath(event)}/contacts`, values);
    return `${values.name} was added.`;
  }),
  contactEdit: clientAction('contactEdit:', async (event, formData) => {
    const values = { name: textOf(formData, 'name'), email: textOf(formData, 'email') || null, phone: textOf(formData, 'phone') || null };
    await apiClient(event).put(`${clientPath(event)}/contacts/${encodeURIComponent(textOf(formData, 'key'))}`, values);
    return `${values.name} was saved.`;
  }),
  tagAdd: clientAction('tagAdd', async (event, formData) => {
    const values = { tag: textOf(formData, 'tag') };
    await apiClient(event).post(`${clientPath(event)}/tags`, values);
    return `Tagged “${values.tag}”.`;
  }),
  tagRemove: clientAction('tagRemove:', async (event, formData) => {
    await apiClient(event).delete(`${clientPath(event)}/tags/${encodeURIComponent(textOf(formData, 'key'))}`);
    return `The tag “${textOf(formData, 'key')}” was removed.`;
  }),
  ...documentActions((event) => ({ type: 'client', id: event.params.id ?? '' })),
};
