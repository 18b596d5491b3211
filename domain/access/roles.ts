import type { Grant } from './permissions.ts';

export interface RoleDefinition {
  key: string;
  name: string;
  inherits: string | null;
  grants: Grant[];
}

const staffGrants: Grant[] = [
  { permission: 'leave:request', scope: 'own' },
  { permission: 'tasks:work', scope: 'own' },
];

/** The roles every organisation has from the start; custom roles live in the database. */
export const builtInRoles: RoleDefinition[] = [
  { key: 'staff', name: 'Staff', inherits: null, grants: staffGrants },
  {
    key: 'team_lead',
    name: 'Team lead',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'reports' },
      { permission: 'users:view', scope: 'reports' },
    ],
  },
  {
    key: 'department_manager',
    name: 'Department manager',
    inherits: 'team_lead',
    grants: [
      { permission: 'leave:approve', scope: 'department' },
      { permission: 'tasks:reassign', scope: 'department' },
    ],
  },
  {
    key: 'hr',
    name: 'HR',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'organization' },
      { permission: 'users:view', scope: 'organization' },
      { permission: 'tasks:reassign', scope: 'organization' },
      { permission: 'leave:administer', scope: 'organization' },
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
  { key: 'sales_closer', name: 'Sales closer', inherits: 'staff', grants: [] },
  { key: 'sales_agent', name: 'Sales agent', inherits: 'staff', grants: [] },
  {
    key: 'support_manager',
    name: 'Support manager',
    inherits: 'staff',
    grants: [
      // They manage people: their team's leave is theirs to decide.
      { permission: 'leave:approve', scope: 'department' },
      { permission: 'tasks:reassign', scope: 'department' },
    ],
  },
  { key: 'support_agent', name: 'Support agent', inherits: 'staff', grants: [] },
  { key: 'qa', name: 'QA', inherits: 'staff', grants: [] },
  // Where tasks go when nobody up the line or in their queue can take them (workflows/human-task).
  {
    key: 'process_owner',
    name: 'Process owner',
    inherits: 'staff',
    grants: [
      { permission: 'leave:approve', scope: 'organization' },
      { permission: 'tasks:reassign', scope: 'organization' },
    ],
  },
  // Watches and repairs running processes in the Temporal Web UI, where workflow data is decrypted for them.
  {
    key: 'operator',
    name: 'Operator',
    inherits: 'staff',
    grants: [{ permission: 'operations:decode-payloads', scope: 'organization' }],
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
