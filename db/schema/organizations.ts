import { date, pgTable, text, unique, uuid, type AnyPgColumn } from 'drizzle-orm/pg-core';
import { createdAt, id } from './columns.ts';

export const organizations = pgTable('organizations', {
  id: id(),
  name: text('name').notNull(),
  // Days (leave, payroll periods) are calendar dates in this zone.
  timeZone: text('time_zone').notNull().default('UTC'),
  // Where the public holidays come from (the date-holidays library): ISO 3166-1 country, and its region code.
  country: text('country'),
  region: text('region'),
  createdAt: createdAt(),
});

/** Every business table's tenant column: each query is scoped by it. */
export const orgId = () =>
  uuid('org_id')
    .notNull()
    .references(() => organizations.id);

export const departments = pgTable(
  'departments',
  {
    id: id(),
    orgId: orgId(),
    name: text('name').notNull(),
    parentId: uuid('parent_id').references((): AnyPgColumn => departments.id),
    createdAt: createdAt(),
  },
  (t) => [unique('departments_org_name').on(t.orgId, t.name)],
);

export const holidays = pgTable(
  'holidays',
  {
    id: id(),
    orgId: orgId(),
    day: date('day', { mode: 'string' }).notNull(),
    name: text('name').notNull(),
  },
  (t) => [unique('holidays_org_day').on(t.orgId, t.day)],
);

export type Organization = typeof organizations.$inferSelect;
export type Department = typeof departments.$inferSelect;
export type Holiday = typeof holidays.$inferSelect;
