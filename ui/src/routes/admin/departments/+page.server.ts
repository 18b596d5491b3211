import { fail } from '@sveltejs/kit';
import type { DepartmentsAnswer } from '$lib/api-types';
import { departmentOptions, departmentTree } from '$lib/departments';
import { errorsByField, fieldErrorsFrom } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { departments } = await apiClient(event).get<DepartmentsAnswer>('/api/admin/departments').catch(rethrowAsAdminError);
  return {
    tree: departmentTree(departments),
    parentChoices: departmentOptions(departments),
    canManage: can(event.locals.user, 'departments:manage'),
  };
};

export const actions: Actions = {
  add: async (event) => {
    const formData = await event.request.formData();
    const name = String(formData.get('name') ?? '').trim();
    const parentId = String(formData.get('parentId') ?? '') || null;
    try {
      await apiClient(event).post('/api/admin/departments', { name, ...(parentId ? { parentId } : {}) });
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
      return fail(cause.status, {
        values: { name, parentId },
        message: cause.message,
        fieldErrors: errorsByField(fieldErrorsFrom(cause.details)),
      });
    }
    return { added: name };
  },
};
