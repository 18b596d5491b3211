import type { Grant, Permission } from './permissions.ts';

export interface RoleDefinition {
  key: string;
  name: string;
  inherits: string | null;
  grants: Grant[];
}

const staffGrants: Grant[] = [
  { permission: 'leave:request', scope: 'own' },
  { permission: 'tasks:work', scope: 'own' },
  { permission: 'attendance:record', scope: 'own' },
  // Work items are given by name: holding this lets anyone on staff take one.
  { permission: 'work:do', scope: 'organization' },
];

const org = (...permissions: Permission[]): Grant[] => permissions.map((permission) => ({ permission, scope: 'organization' }));

/** The roles every organisation has from the start; custom roles live in the database. */
export const builtInRoles: RoleDefinition[] = [
  { key: 'staff', name: 'Staff', inherits: null, grants: staffGrants },
  {
    key: 'team_lead',
    name: 'Team lead',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'reports' },
      { permission: 'attendance:approve', scope: 'reports' },
      { permission: 'users:view', scope: 'reports' },
      ...org('work:plan', 'engagements:view'),
    ],
  },
  {
    key: 'department_manager',
    name: 'Department manager',
    inherits: 'team_lead',
    grants: [
      { permission: 'leave:approve', scope: 'department' },
      { permission: 'attendance:approve', scope: 'department' },
      { permission: 'tasks:reassign', scope: 'department' },
      ...org('engagements:approve', 'engagements:manage'),
    ],
  },
  {
    key: 'hr',
    name: 'HR',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'organization' },
      { permission: 'attendance:approve', scope: 'organization' },
      { permission: 'users:view', scope: 'organization' },
      { permission: 'tasks:reassign', scope: 'organization' },
      { permission: 'leave:administer', scope: 'organization' },
      { permission: 'attendance:manage', scope: 'organization' },
      // Prepares and reviews the month's payroll; finance approves it.
      { permission: 'payroll:run', scope: 'organization' },
    ],
  },
  {
    key: 'finance',
    name: 'Finance',
    inherits: 'staff',
    grants: [
      { permission: 'payroll:run', scope: 'organization' },
      { permission: 'payroll:approve', scope: 'organization' },
    ],
  },
  {
    key: 'sales_agent',
    name: 'Sales agent',
    inherits: 'staff',
    grants: org('leads:capture', 'quotes:prepare', 'engagements:view'),
  },
  { key: 'sales_closer', name: 'Sales closer', inherits: 'sales_agent', grants: org('leads:qualify') },
  {
    key: 'sales_manager',
    name: 'Sales manager',
    inherits: 'sales_closer',
    grants: [
      ...org('quotes:approve', 'engagements:manage', 'engagements:approve'),
      { permission: 'leave:approve', scope: 'department' },
      { permission: 'attendance:approve', scope: 'department' },
      { permission: 'tasks:reassign', scope: 'department' },
    ],
  },
  {
    key: 'support_manager',
    name: 'Support manager',
    inherits: 'staff',
    grants: [
      // They manage people: their team's leave is theirs to decide.
      { permission: 'leave:approve', scope: 'department' },
      { permission: 'attendance:approve', scope: 'department' },
      { permission: 'tasks:reassign', scope: 'department' },
      ...org('onboarding:gather', 'onboarding:validate', 'engagements:view', 'engagements:manage', 'engagements:approve', 'leads:capture'),
    ],
  },
  { key: 'support_agent', name: 'Support agent', inherits: 'staff', grants: org('onboarding:gather', 'engagements:view', 'leads:capture') },
  { key: 'qa', name: 'QA', inherits: 'staff', grants: org('qa:check', 'engagements:view') },
  // Where tasks go when nobody up the line or in their queue can take them (workflows/human-task).
  {
    key: 'process_owner',
    name: 'Process owner',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'organization' },
      { permission: 'attendance:approve', scope: 'organization' },
      { permission: 'tasks:reassign', scope: 'organization' },
      // Tasks of every step land with them when nobody else can take one.
      ...org(
        'leads:qualify',
        'quotes:prepare',
        'quotes:approve',
        'onboarding:gather',
        'onboarding:validate',
        'engagements:approve',
        'work:plan',
        'qa:check',
        'engagements:view',
        'engagements:manage',
      ),
    ],
  },
  // Watches and repairs running processes in the Temporal Web UI, where workflow data is decrypted for them.
  {
    key: 'operator',
    name: 'Operator',
    inherits: 'staff',
    grants: [{ permission: 'operations:decode-payloads', scope: 'organization' }, ...org('engagements:view')],
  },
  { key: 'client', name: 'Client', inherits: null, grants: [{ permission: 'clients:view-own', scope: 'own' }] },
  {
    key: 'admin',
    name: 'Admin',
    inherits: 'staff',
    grants: [
      { permission: 'users:view', scope: 'organization' },
      { permission: 'users:manage', scope: 'organization' },
      { permission: 'departments:manage', scope: 'organization' },
      { permission: 'roles:view', scope: 'organization' },
      { permission: 'roles:manage', scope: 'organization' },
      { permission: 'audit:view', scope: 'organization' },
      { permission: 'leave:administer', scope: 'organization' },
    ],
  },
  // Everything, at the widest scope each permission allows: see effectiveGrants.
  { key: 'super_admin', name: 'Super admin', inherits: 'admin', grants: [] },
];

export const builtInRoleKeys = new Set(builtInRoles.map((r) => r.key));

/** Two-factor sign-in is required for everyone inside the organisation, optional for clients. */
export const twoFactorOptional = (roleKeys: readonly string[]): boolean => roleKeys.length > 0 && roleKeys.every((key) => key === 'client');
