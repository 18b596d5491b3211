import { error } from '@sveltejs/kit';
import { can, type Permission } from '$lib/permissions';
import type { LayoutServerLoad } from './$types';

const PAYROLL_SECTIONS: { href: string; label: string; permissions: Permission[] }[] = [
  { href: '/payroll', label: 'Month’s run', permissions: ['payroll:run', 'payroll:approve'] },
  { href: '/payroll/runs', label: 'All runs', permissions: ['payroll:run'] },
  { href: '/payroll/employees', label: 'Salary set-up', permissions: ['payroll:run'] },
  { href: '/payroll/adjustments', label: 'Adjustments', permissions: ['payroll:run'] },
  { href: '/payroll/settings', label: 'Settings', permissions: ['payroll:run'] },
];

export const load: LayoutServerLoad = ({ locals }) => {
  const sections = PAYROLL_SECTIONS.filter((section) => section.permissions.some((permission) => can(locals.user, permission)));
  if (sections.length === 0) error(403, 'You do not have access to this page');
  return { payrollSections: sections.map(({ href, label }) => ({ href, label })) };
};
