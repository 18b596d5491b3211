import { fail, type RequestEvent } from '@sveltejs/kit';
import type { DepartmentsAnswer, PeopleAnswer, Person, PersonAnswer, RolesAnswer } from '$lib/api-types';
import { errorsByField, fieldErrorsFrom } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { personFormFrom } from '$lib/person-form';
import { personChoices } from '$lib/server/admin-choices';
import { ApiError, apiClient, rethrowAsAdminError, unlessForbidden } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

const userPath = (id: string) => `/api/admin/users/${encodeURIComponent(id)}`;

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const [{ user: person }, { users }, { departments }, roles] = await Promise.all([
    api.get<PersonAnswer>(userPath(event.params.id)),
    api.get<PeopleAnswer>('/api/admin/users'),
    api.get<DepartmentsAnswer>('/api/admin/departments'),
    unlessForbidden(api.get<RolesAnswer>('/api/admin/roles')),
  ]).catch(rethrowAsAdminError);

  return {
    person,
    canManage: can(event.locals.user, 'users:manage'),
    isSelf: event.locals.user?.id === person.id,
    choices: personChoices({
      roles: roles?.roles ?? null,
      departments,
      // Nobody manages themselves.
      people: users.filter((user) => user.id !== person.id),
      knownRoleKeys: person.roles,
    }),
  };
};

/** A refusal shown on the page; an ended session or an unexpected failure as in the load. */
function refusal(cause: unknown): ApiError {
  if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
  return cause;
}

async function changeStatus(event: RequestEvent<{ id: string }>, change: 'deactivate' | 'reactivate') {
  try {
    await apiClient(event).post(`${userPath(event.params.id)}/${change}`);
  } catch (cause) {
    const problem = refusal(cause);
    return fail(problem.status, { statusMessage: problem.message });
  }
  return { statusChanged: change };
}

export const actions: Actions = {
  save: async (event) => {
    const { name, roles, departmentId, designation, managerId } = personFormFrom(await event.request.formData());
    const values = { name, roles, departmentId, designation, managerId };
    const api = apiClient(event);
    try {
      // Only what changed: changing roles needs more rights than renaming, and the API wants something to change.
      const { user: before } = await api.get<PersonAnswer>(userPath(event.params.id));
      const change = changedFields(before, values);
      if (Object.keys(change).length > 0) await api.patch(userPath(event.params.id), change);
    } catch (cause) {
      const problem = refusal(cause);
      return fail(problem.status, { values, message: problem.message, fieldErrors: errorsByField(fieldErrorsFrom(problem.details)) });
    }
    return { saved: true };
  },
  deactivate: (event) => changeStatus(event, 'deactivate'),
  reactivate: (event) => changeStatus(event, 'reactivate'),
};

function changedFields(before: Person, after: Pick<Person, 'name' | 'roles' | 'departmentId' | 'designation' | 'managerId'>) {
  const sameRoles = before.roles.length === after.roles.length && after.roles.every((role) => before.roles.includes(role));
  return {
    ...(after.name !== before.name ? { name: after.name } : {}),
    ...(sameRoles ? {} : { roles: after.roles }),
    ...(after.departmentId !== before.departmentId ? { departmentId: after.departmentId } : {}),
    ...(after.designation !== (before.designation || null) ? { designation: after.designation } : {}),
    ...(after.managerId !== before.managerId ? { managerId: after.managerId } : {}),
  };
}
