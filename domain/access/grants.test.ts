import { describe, expect, it } from 'vitest';
import { effectiveGrants, inheritanceCycle } from './grants.ts';
import { permissions } from './permissions.ts';
import { builtInRoles, twoFactorOptional } from './roles.ts';

describe('effective grants', () => {
  it('gives staff their own leave and attendance, their inbox and the work items given to them, nothing administrative', () => {
    expect([...effectiveGrants(['staff'])]).toEqual([
      ['leave:request', 'own'],
      ['tasks:work', 'own'],
      ['attendance:record', 'own'],
      ['work:do', 'organization'],
    ]);
  });
  it('inherits along the chain and keeps the widest scope', () => {
    const manager = effectiveGrants(['department_manager']);
    expect(manager.get('leave:approve')).toBe('department');
    expect(manager.get('leave:request')).toBe('own');
    expect(effectiveGrants(['team_lead', 'hr']).get('leave:approve')).toBe('organization');
  });
  it('gives a super admin every permission', () => {
    expect(effectiveGrants(['super_admin']).size).toBe(permissions.length);
  });
  it('resolves custom roles that inherit built-in ones, and survives a cycle', () => {
    const custom = [
      {
        key: 'auditor',
        name: 'Auditor',
        inherits: 'staff',
        grants: [{ permission: 'audit:view' as const, scope: 'organization' as const }],
      },
      { key: 'a', name: 'A', inherits: 'b', grants: [] },
      { key: 'b', name: 'B', inherits: 'a', grants: [] },
    ];
    expect(effectiveGrants(['auditor'], custom).get('audit:view')).toBe('organization');
    expect(effectiveGrants(['auditor'], custom).get('leave:request')).toBe('own');
    expect(effectiveGrants(['a'], custom).size).toBe(0);
    const roles = new Map([...builtInRoles, ...custom].map((r) => [r.key, r]));
    expect(inheritanceCycle('staff', 'auditor', roles)).toBe(true);
    expect(inheritanceCycle('auditor', 'team_lead', roles)).toBe(false);
  });
  it('makes two factors optional only for clients', () => {
    expect(twoFactorOptional(['client'])).toBe(true);
    expect(twoFactorOptional(['client', 'staff'])).toBe(false);
    expect(twoFactorOptional([])).toBe(false);
  });
});
