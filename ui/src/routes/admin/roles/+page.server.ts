import { fail } from '@sveltejs/kit';
import type { PermissionsAnswer, RolesAnswer } from '$lib/api-types';
import { errorsByField, fieldErrorsFrom } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { ApiError, apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const [{ roles }, { permissions }] = await Promise.all([
    api.get<RolesAnswer>('/api/admin/roles'),
    api.get<PermissionsAnswer>('/api/admin/permissions'),
  ]).catch(rethrowAsAdminError);
  return { roles, permissions, canManage: can(event.locals.user, 'roles:manage') };
};

/**
 * The create-role form: a ticked `permission` checkbox takes the scope chosen beside it. As posted,
 * unchecked: the API refuses a permission or scope it does not know, naming the field.
 */
function roleFormFrom(formData: FormData) {
  const text = (name: string) => String(formData.get(name) ?? '').trim();
  const permissions = formData
    .getAll('permission')
    .map(String)
    .map((permission) => ({ permission, scope: text(`scope:${permission}`) }));
  return { key: text('key'), name: text('name'), inherits: text('inherits') || null, permissions };
}

export const actions: Actions = {
  create: async (event) => {
    const role = roleFormFrom(await event.request.formData());
    try {
      await apiClient(event).post('/api/admin/roles', {
        key: role.key,
        name: role.name,
        permissions: role.permissions,
        ...(role.inherits ? { inherits: role.inherits } : {}),
      });
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
      return fail(cause.status, { values: role, message: cause.message, fieldErrors: errorsByField(fieldErrorsFrom(cause.details)) });
    }
    return { created: role.name };
  },
};
