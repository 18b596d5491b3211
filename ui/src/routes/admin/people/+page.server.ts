import { fail } from '@sveltejs/kit';
import type { DepartmentsAnswer, InvitationsAnswer, InvitationSentAnswer, PeopleAnswer, RolesAnswer } from '$lib/api-types';
import { errorsByField, fieldErrorsFrom } from '$lib/field-errors';
import { can } from '$lib/permissions';
import { personFormFrom } from '$lib/person-form';
import { personChoices } from '$lib/server/admin-choices';
import { ApiError, apiClient, rethrowAsAdminError, unlessForbidden } from '$lib/server/api';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const canManage = can(event.locals.user, 'users:manage');
  const [{ users }, { departments }, roles, invitations] = await Promise.all([
    api.get<PeopleAnswer>('/api/admin/users'),
    api.get<DepartmentsAnswer>('/api/admin/departments'),
    // Role names read better than keys, but seeing people does not need them.
    unlessForbidden(api.get<RolesAnswer>('/api/admin/roles')),
    canManage ? api.get<InvitationsAnswer>('/api/admin/invitations') : null,
  ]).catch(rethrowAsAdminError);

  return {
    people: users,
    roleNames: Object.fromEntries((roles?.roles ?? []).map((role) => [role.key, role.name])),
    canManage,
    pendingInvitations: (invitations?.invitations ?? [])
      .filter((invitation) => invitation.acceptedAt === null)
      .map((invitation) => ({ ...invitation, expired: Date.parse(invitation.expiresAt) <= Date.now() })),
    choices: personChoices({
      roles: roles?.roles ?? null,
      departments,
      people: users,
      knownRoleKeys: [...new Set(users.flatMap((user) => user.roles))],
    }),
  };
};

export const actions: Actions = {
  invite: async (event) => {
    const person = personFormFrom(await event.request.formData());
    const { departmentId, designation, managerId } = person;
    try {
      const { invitation } = await apiClient(event).post<InvitationSentAnswer>('/api/admin/invitations', {
        email: person.email,
        name: person.name,
        roles: person.roles,
        ...(departmentId ? { departmentId } : {}),
        ...(designation ? { designation } : {}),
        ...(managerId ? { managerId } : {}),
      });
      return { invitedEmail: invitation.email };
    } catch (cause) {
      if (!(cause instanceof ApiError) || cause.status === 401) rethrowAsAdminError(cause);
      return fail(cause.status, { values: person, message: cause.message, fieldErrors: errorsByField(fieldErrorsFrom(cause.details)) });
    }
  },
};
