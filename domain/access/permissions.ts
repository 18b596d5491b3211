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
  'attendance:record': { description: 'Check in and out, see and correct own attendance', scopes: ['own'] },
  'attendance:approve': {
    description: 'Approve corrections of missed check-outs offered to you',
    scopes: ['reports', 'department', 'organization'],
  },
  'attendance:manage': { description: 'Import attendance and read everyone’s attendance', scopes: ['organization'] },
  'payroll:run': { description: 'Prepare payroll runs', scopes: ['organization'] },
  'payroll:approve': { description: 'Approve payroll runs', scopes: ['organization'] },
  // A client's journey (engagements): each stage's task needs its own permission.
  'engagements:view': { description: 'See the pipeline, engagements, leads and client records', scopes: ['organization'] },
  'engagements:manage': { description: 'Put engagements on hold, resume or cancel them', scopes: ['organization'] },
  'leads:capture': { description: 'Capture leads and record client interactions', scopes: ['organization'] },
  'leads:qualify': { description: 'Qualify or disqualify leads', scopes: ['organization'] },
  'quotes:prepare': { description: 'Prepare quotes and record the client’s answer', scopes: ['organization'] },
  'quotes:approve': { description: 'Approve quotes above the organisation’s limit', scopes: ['organization'] },
  'onboarding:gather': { description: 'Gather a new client’s requirements and documents', scopes: ['organization'] },
  'onboarding:validate': { description: 'Validate onboarding or send it back', scopes: ['organization'] },
  'engagements:approve': { description: 'Approve an engagement for your department', scopes: ['organization'] },
  'work:plan': { description: 'Break engagements down into work items and review them', scopes: ['organization'] },
  'work:do': { description: 'Work on the items given to you and log time', scopes: ['organization'] },
  'qa:check': { description: 'Check delivered work before the client sees it', scopes: ['organization'] },
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
