import { fail, redirect, type RequestEvent, type ServerLoadEvent } from '@sveltejs/kit';
import type { NewSavedViewAnswer, SavedView, SavedViewAnswer, SavedViewsAnswer } from '$lib/api-types';
import { fieldErrorsFrom } from '$lib/field-errors';
import { inboxFiltersOf } from '$lib/inbox-query';
import { inboxUrlOf } from '$lib/saved-view-filters';
import { ApiError, apiClient, rethrowAsHttpError } from './api';

/**
 * The inbox's saved views, and the one `?view=<id>` asks for. A link to a view carries only its id:
 * it is sent on to the view's filters in the URL, where the filter bar and the list read them.
 */
export async function loadSavedViews(event: ServerLoadEvent) {
  const api = apiClient(event);
  const viewId = event.url.searchParams.get('view');
  const [{ views }, current] = await Promise.all([
    api.get<SavedViewsAnswer>('/api/saved-views').catch(rethrowAsHttpError),
    viewId ? openView(event, viewId) : null,
  ]);
  const onlyTheView = [...event.url.searchParams.keys()].every((key) => key === 'view');
  if (current && onlyTheView && Object.keys(current.filters).length > 0) redirect(303, inboxUrlOf(current.id, current.filters));
  return { savedViews: views, currentView: current, viewMissing: viewId !== null && current === null };
}

/** A view the person may open; null when it is gone or not shared with them (the API says 404 either way). */
async function openView(event: ServerLoadEvent, viewId: string): Promise<SavedView | null> {
  try {
    return (await apiClient(event).get<SavedViewAnswer>(`/api/saved-views/${encodeURIComponent(viewId)}`)).view;
  } catch (cause) {
    if (cause instanceof ApiError && (cause.status === 404 || cause.status === 400)) return null;
    rethrowAsHttpError(cause);
  }
}

function refused(action: 'saveView' | 'deleteView', cause: unknown, name = '') {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsHttpError(cause);
  return fail(cause.status, { viewRefusal: { action, name, message: cause.message, fieldErrors: fieldErrorsFrom(cause.details) } });
}

/** The filters the page posted: its URL's query string, as the saved-views menu put it in the form. */
function postedFilters(posted: FormDataEntryValue | null): Record<string, string> {
  return typeof posted === 'string' ? inboxFiltersOf(new URLSearchParams(posted)) : {};
}

export const savedViewActions = {
  saveView: async (event: RequestEvent) => {
    const formData = await event.request.formData();
    const name = String(formData.get('name') ?? '').trim();
    const body = { name, filters: postedFilters(formData.get('filters')), sharedWithDepartment: formData.get('shared') === 'on' };
    try {
      const { view } = await apiClient(event).post<NewSavedViewAnswer>('/api/saved-views', body);
      return { savedView: { name: view.name, shared: view.shared } };
    } catch (cause) {
      return refused('saveView', cause, name);
    }
  },
  deleteView: async (event: RequestEvent) => {
    const viewId = String((await event.request.formData()).get('viewId') ?? '');
    try {
      await apiClient(event).delete(`/api/saved-views/${encodeURIComponent(viewId)}`);
    } catch (cause) {
      return refused('deleteView', cause);
    }
    return { deletedView: true };
  },
};
