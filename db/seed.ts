import { and, eq } from 'drizzle-orm';
import { hashPassword } from '../api/auth/passwords.ts';
import type { Db } from './client.ts';
import { fillPublicHolidays } from './queries/holidays.ts';
import { departments, leaveLedger, leaveTypes, organizations, users, type User } from './schema/index.ts';

/** The roles the processes need from the start; each demo organisation has one person per role. */
export const demoPeople = [
  {
    key: 'admin',
    name: 'Ada Admin',
    roles: ['super_admin', 'admin', 'process_owner'],
    designation: 'Administrator',
    department: 'Operations',
    manager: null,
  },
  {
    key: 'director',
    name: 'Dana Director',
    roles: ['department_manager'],
    designation: 'Director of Operations',
    department: 'Operations',
    manager: null,
  },
  { key: 'hr', name: 'Hana Hr', roles: ['hr'], designation: 'HR Partner', department: 'Operations', manager: 'director' },
  { key: 'finance', name: 'Finn Finance', roles: ['finance'], designation: 'Accountant', department: 'Operations', manager: 'director' },
  {
    key: 'manager',
    name: 'Mona Manager',
    roles: ['department_manager'],
    designation: 'Delivery Manager',
    department: 'Delivery',
    manager: 'director',
  },
  { key: 'lead', name: 'Theo Lead', roles: ['team_lead'], designation: 'Team Lead', department: 'Delivery', manager: 'manager' },
  { key: 'employee', name: 'Eve Employee', roles: ['staff'], designation: 'Consultant', department: 'Delivery', manager: 'manager' },
  { key: 'colleague', name: 'Carl Colleague', roles: ['staff'], designation: 'Consultant', department: 'Delivery', manager: 'manager' },
  { key: 'qa', name: 'Quinn Qa', roles: ['qa'], designation: 'QA Engineer', department: 'Delivery', manager: 'manager' },
  {
    key: 'sales-manager',
    name: 'Selma Sales',
    roles: ['sales_manager'],
    designation: 'Sales Manager',
    department: 'Sales',
    manager: 'director',
  },
  { key: 'closer', name: 'Sam Closer', roles: ['sales_closer'], designation: 'Sales Closer', department: 'Sales', manager: 'director' },
  { key: 'agent', name: 'Alex Agent', roles: ['sales_agent'], designation: 'Sales Agent', department: 'Sales', manager: 'closer' },
  {
    key: 'support-manager',
    name: 'Sue Support',
    roles: ['support_manager'],
    designation: 'Support Manager',
    department: 'Support',
    manager: 'director',
  },
  {
    key: 'support-agent',
    name: 'Stan Support',
    roles: ['support_agent'],
    designation: 'Support Agent',
    department: 'Support',
    manager: 'support-manager',
  },
  {
    key: 'operator',
    name: 'Otto Operator',
    roles: ['operator'],
    designation: 'Platform Operator',
    department: 'Operations',
    manager: 'director',
  },
  // A client's contact: outside the organisation's departments and reporting lines.
  { key: 'client', name: 'Cleo Client', roles: ['client'], designation: null, department: null, manager: null },
] as const;

export type DemoPersonKey = (typeof demoPeople)[number]['key'];

export const demoLeaveTypes = [
  { code: 'annual', name: 'Annual leave', hasBalance: true, yearlyAllocationHalfDays: 50, maxDays: 30 },
  { code: 'sick', name: 'Sick leave', hasBalance: true, yearlyAllocationHalfDays: 20, maxDays: 60 },
  { code: 'unpaid', name: 'Unpaid leave', hasBalance: false, paid: false, yearlyAllocationHalfDays: 0, maxDays: 90 },
];

/** Where the demo organisation's public holidays come from: Berlin, Germany. */
export const demoHolidayPlace = { country: 'DE', region: 'BE' } as const;

export interface SeedOptions {
  /** Distinguishes organisations: e-mails are `<role>@<slug>.test`. */
  slug: string;
  name: string;
  password: string;
  timeZone?: string;
  years: number[];
}

export interface SeededOrganisation {
  orgId: string;
  people: Record<DemoPersonKey, User>;
}

/** Creates (or finds) a demo organisation with its people, leave types, holidays and allocations. Safe to run again. */
export async function seedOrganisation(db: Db, options: SeedOptions): Promise<SeededOrganisation> {
  return db.transaction(async (tx) => {
    const adminEmail = `admin@${options.slug}.test`;
    const [existingAdmin] = await tx.select().from(users).where(eq(users.email, adminEmail));
    const orgId =
      existingAdmin?.orgId ??
      (
        await tx
          .insert(organizations)
          .values({ name: options.name, timeZone: options.timeZone ?? 'Europe/Berlin', ...demoHolidayPlace })
          .returning()
      )[0]!.id;

    const departmentIds = new Map<string, string>();
    for (const name of new Set(demoPeople.flatMap((p) => (p.department ? [p.department] : [])))) {
      await tx.insert(departments).values({ orgId, name }).onConflictDoNothing();
      const [row] = await tx
        .select()
        .from(departments)
        .where(and(eq(departments.orgId, orgId), eq(departments.name, name)));
      departmentIds.set(name, row!.id);
    }

    // Hashed once, also for an organisation seeded before: a demo person added since then gets a password too.
    const passwordHash = await hashPassword(options.password);
    const people = {} as Record<DemoPersonKey, User>;
    for (const person of demoPeople) {
      const email = `${person.key}@${options.slug}.test`;
      await tx
        .insert(users)
        .values({
          orgId,
          email,
          name: person.name,
          passwordHash,
          roles: [...person.roles],
          designation: person.designation,
          departmentId: person.department ? departmentIds.get(person.department)! : null,
          managerId: person.manager ? people[person.manager].id : null,
        })
        .onConflictDoNothing();
      const [row] = await tx.select().from(users).where(eq(users.email, email));
      people[person.key] = row!;
    }

    await tx
      .insert(leaveTypes)
      .values(demoLeaveTypes.map((t) => ({ ...t, orgId })))
      .onConflictDoNothing();
    for (const year of options.years) await fillPublicHolidays(tx, { orgId, ...demoHolidayPlace, year });
    const allocations = options.years.flatMap((year) =>
      Object.values(people).flatMap((person) =>
        demoLeaveTypes
          .filter((t) => t.hasBalance && !person.roles.includes('client'))
          .map((t) => ({
            orgId,
            employeeId: person.id,
            leaveTypeCode: t.code,
            year,
            halfDays: t.yearlyAllocationHalfDays,
            kind: 'allocation' as const,
            entryKey: `allocation:${year}:${person.id}:${t.code}`,
          })),
      ),
    );
    await tx.insert(leaveLedger).values(allocations).onConflictDoNothing();
    return { orgId, people };
  });
}
