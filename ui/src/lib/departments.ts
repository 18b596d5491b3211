import type { Department } from './api-types';

export type DepartmentNode = { department: Department; children: DepartmentNode[] };

/** Departments nested by `parentId`; one whose parent is missing is shown at the top. */
export function departmentTree(departments: Department[]): DepartmentNode[] {
  const nodes = new Map(departments.map((department) => [department.id, { department, children: [] as DepartmentNode[] }]));
  const roots: DepartmentNode[] = [];
  for (const node of nodes.values()) {
    const parent = node.department.parentId ? nodes.get(node.department.parentId) : undefined;
    (parent ? parent.children : roots).push(node);
  }
  const byName = (a: DepartmentNode, b: DepartmentNode) => a.department.name.localeCompare(b.department.name);
  const sort = (list: DepartmentNode[]) => {
    list.sort(byName);
    for (const node of list) sort(node.children);
  };
  sort(roots);
  return roots;
}

/** Each department with its path ("Engineering › Platform"), in tree order, for select options. */
export function departmentOptions(departments: Department[]): { value: string; label: string }[] {
  const options: { value: string; label: string }[] = [];
  const visit = (nodes: DepartmentNode[], prefix: string) => {
    for (const { department, children } of nodes) {
      const label = `${prefix}${department.name}`;
      options.push({ value: department.id, label });
      visit(children, `${label} › `);
    }
  };
  visit(departmentTree(departments), '');
  return options;
}
