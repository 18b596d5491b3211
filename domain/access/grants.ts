import { permissionCatalogue, permissions, widerScope, type Grant, type Permission, type Scope } from './permissions.ts';
import { builtInRoles, type RoleDefinition } from './roles.ts';

/** A role's grants with everything it inherits, following the chain once (a cycle stops it). */
export function roleGrants(key: string, roles: ReadonlyMap<string, RoleDefinition>): Grant[] {
  if (key === 'super_admin') return permissions.map((permission) => ({ permission, scope: widestScope(permission) }));
  const grants: Grant[] = [];
  const seen = new Set<string>();
  for (let role = roles.get(key); role && !seen.has(role.key); role = role.inherits ? roles.get(role.inherits) : undefined) {
    seen.add(role.key);
    grants.push(...role.grants);
  }
  return grants;
}

const widestScope = (permission: Permission): Scope => {
  const allowed = permissionCatalogue[permission].scopes as readonly Scope[];
  return allowed[allowed.length - 1]!;
};

/** What a user with these roles may do: each permission at the widest scope any role grants. */
export function effectiveGrants(roleKeys: readonly string[], customRoles: readonly RoleDefinition[] = []): Map<Permission, Scope> {
  const roles = new Map([...builtInRoles, ...customRoles].map((r) => [r.key, r]));
  const effective = new Map<Permission, Scope>();
  for (const key of roleKeys) {
    for (const { permission, scope } of roleGrants(key, roles)) {
      const current = effective.get(permission);
      effective.set(permission, current ? widerScope(current, scope) : scope);
    }
  }
  return effective;
}

/** Would `inherits` make `key` inherit from itself? */
export function inheritanceCycle(key: string, inherits: string | null, roles: ReadonlyMap<string, RoleDefinition>): boolean {
  const seen = new Set<string>([key]);
  for (let next = inherits; next; next = roles.get(next)?.inherits ?? null) {
    if (seen.has(next)) return true;
    seen.add(next);
  }
  return false;
}
