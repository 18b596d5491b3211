import type { Department, Person, Role } from '$lib/api-types';
import { departmentOptions } from '$lib/departments';

/** What the person forms offer to choose from. */
export function personChoices({
  roles,
  departments,
  people,
  knownRoleKeys = [],
}: {
  /** Null when the user may not list roles: then only roles already held can be kept or dropped. */
  roles: Role[] | null;
  departments: Department[];
  people: Person[];
  knownRoleKeys?: string[];
}) {
  return {
    roles: roles ? roles.map((role) => ({ value: role.key, label: role.name })) : knownRoleKeys.map((key) => ({ value: key, label: key })),
    departments: departmentOptions(departments),
    managers: people.filter((person) => person.active).map((person) => ({ value: person.id, label: person.name })),
  };
}
