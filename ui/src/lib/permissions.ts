import type { User } from './api-types';

/** A permission key as the API names it: a page cannot ask about one that does not exist. */
export type Permission = User['permissions'][number];

/** Whether the pages should offer something; the API decides whether it is allowed. */
export function can(user: Pick<User, 'permissions'> | null, permission: Permission): boolean {
  return user?.permissions.includes(permission) ?? false;
}

export const ADMIN_SECTIONS = [
  { href: '/admin/people', label: 'People', permission: 'users:view' },
  { href: '/admin/departments', label: 'Departments', permission: 'users:view' },
  { href: '/admin/roles', label: 'Roles', permission: 'roles:view' },
  { href: '/admin/leave-types', label: 'Leave types', permission: 'leave:administer' },
  { href: '/admin/holidays', label: 'Holidays', permission: 'leave:administer' },
  { href: '/admin/allocations', label: 'Allocations', permission: 'leave:administer' },
  { href: '/admin/audit', label: 'Audit trail', permission: 'audit:view' },
] as const;

/** The admin pages this user may see; none means no "Admin" link. */
export function adminSectionsFor(user: Pick<User, 'permissions'> | null) {
  return ADMIN_SECTIONS.filter((section) => can(user, section.permission));
}

/** Where a person lands after signing in: a client's own engagements, everyone else's inbox. */
export function landingPageFor(user: Pick<User, 'permissions'> | null): string {
  return can(user, 'clients:view-own') && !can(user, 'tasks:work') ? '/portal' : '/inbox';
}
