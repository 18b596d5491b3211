/** How far a grant reaches: the user's own records, their reporting line, their department tree, or the organisation. */
export const scopes = ['own', 'reports', 'department', 'organization'] as const;
export type Scope = (typeof scopes)[number];

/** The catalogue custom roles are built from. Routes name these keys in api/access/route-rules.ts. */
export const permissionCatalogue = {
  'leave:request': { description: 'Request leave and cancel own requests', scopes: ['own'] },
  'leave:approve': { description: 'Decide leave requests offered to you', scopes: ['reports', 'department', 'organization'] },
  'leave:administer': {
    description: 'Set up leave types, the holiday calendar and yearly allocations',
    scopes: ['organization'],
  },
  'tasks:work': { description: 'Work on tasks in your inbox', scopes: ['own'] },
  'tasks:reassign': { description: 'Reassign or delegate other people’s tasks', scopes: ['reports', 'department', 'organization'] },
  'users:view': { description: 'See people, their roles and departments', scopes: ['reports', 'department', 'organization'] },
  'users:manage': { description: 'Invite, change and deactivate people', scopes: ['organization'] },
  'departments:manage': { description: 'Create and rearrange departments', scopes: ['organization'] },
  'roles:view': { description: 'See roles and permissions', scopes: ['organization'] },
  'roles:manage': { description: 'Create and change custom roles', scopes: ['organization'] },
  'audit:view': { description: 'Read and export the audit trail', scopes: ['organization'] },
  'payroll:run': { description: 'Prepare payroll runs', scopes: ['organization'] },
  'payroll:approve': { description: 'Approve payroll runs', scopes: ['organization'] },
  'clients:view-own': { description: 'A client’s view of their own engagements', scopes: ['own'] },
  // The Temporal namespace holds every organisation's processes: this reaches past the organisation.
  'operations:decode-payloads': {
    description: 'Read (and send) workflow data decrypted in the Temporal Web UI, for every organisation on the platform',
    scopes: ['organization'],
  },
} as const satisfies Record<string, { description: string; scopes: readonly Scope[] }>;

export type Permission = keyof typeof permissionCatalogue;
export const permissions = Object.keys(permissionCatalogue) as Permission[];

export interface Grant {
  permission: Permission;
  scope: Scope;
}

export const scopeAllowed = (permission: Permission, scope: Scope): boolean =>
  (permissionCatalogue[permission].scopes as readonly Scope[]).includes(scope);

/** The wider of two scopes. */
export const widerScope = (a: Scope, b: Scope): Scope => (scopes.indexOf(a) >= scopes.indexOf(b) ? a : b);
