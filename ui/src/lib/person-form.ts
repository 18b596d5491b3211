/** The fields of the invite and edit-person forms; empty choices are null. */
export type PersonForm = {
  name: string;
  email: string;
  roles: string[];
  departmentId: string | null;
  designation: string | null;
  managerId: string | null;
};

export function personFormFrom(formData: FormData): PersonForm {
  const text = (name: string) => {
    const value = formData.get(name);
    return typeof value === 'string' ? value.trim() : '';
  };
  return {
    name: text('name'),
    email: text('email'),
    roles: formData.getAll('roles').filter((role): role is string => typeof role === 'string'),
    departmentId: text('departmentId') || null,
    designation: text('designation') || null,
    managerId: text('managerId') || null,
  };
}
