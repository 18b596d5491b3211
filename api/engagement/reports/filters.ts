import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { engagements, organizations } from '../../../db/schema/index.ts';
import { isCalendarDate } from '../../../domain/calendar.ts';
import { serviceCategories } from '../../../domain/leads.ts';

const day = z.string().refine(isCalendarDate, 'must be a real date as YYYY-MM-DD');

/** What every report is narrowed by: the capture date (a day where the organisation is), the service, a department. */
export const reportFilterQuery = z
  .strictObject({
    from: day.optional(),
    to: day.optional(),
    serviceCategory: z.enum(serviceCategories, `must be one of ${serviceCategories.join(', ')}`).optional(),
    departmentId: z.uuid('must be a department id').optional(),
  })
  .refine((f) => !f.from || !f.to || f.from <= f.to, { message: 'must not be before from', path: ['to'] });
export type ReportFilters = z.infer<typeof reportFilterQuery>;

/** The engagements a report counts, as `e`, with their organisation as `o` (whose zone makes the days). */
export const cohortFrom = sql`${engagements} e join ${organizations} o on o.id = e.org_id`;

/**
 * Every report covers the same engagements: those of the organisation captured in the range, of
 * the service, involving the department. A department of another organisation matches nothing.
 */
export function inCohort(orgId: string, filters: ReportFilters): SQL {
  const conditions = [sql`e.org_id = ${orgId}`];
  const capturedOn = sql`(e.created_at at time zone o.time_zone)::date`;
  if (filters.from) conditions.push(sql`${capturedOn} >= ${filters.from}::date`);
  if (filters.to) conditions.push(sql`${capturedOn} <= ${filters.to}::date`);
  if (filters.serviceCategory) conditions.push(sql`e.service_category = ${filters.serviceCategory}`);
  if (filters.departmentId) conditions.push(sql`${filters.departmentId}::uuid = any(e.department_ids)`);
  return sql.join(conditions, sql` and `);
}
