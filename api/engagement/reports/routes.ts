import { asc, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { departments } from '../../../db/schema/index.ts';
import { serviceCategories, serviceCategoryLabels } from '../../../domain/leads.ts';
import type { AppEnv } from '../../context.ts';
import { csvTable } from '../../csv.ts';
import { validate } from '../../validation.ts';
import { conversionReport } from './conversion.ts';
import { cycleTimeReport } from './cycle-times.ts';
import { reportFilterQuery, type ReportFilters } from './filters.ts';
import { slaBreachReport } from './sla-breaches.ts';
import { reportCharts, reportTables } from './tables.ts';
import { wonValueReport } from './won-value.ts';

const reportRequest = (c: Context<AppEnv>, filters: ReportFilters) => ({
  db: c.var.deps.db,
  orgId: c.var.user.orgId,
  filters,
  now: c.var.deps.now?.() ?? new Date(),
});

/** The engagements' reports, each narrowed by the same filters (`reportFilterQuery`), and each chart's CSV. */
export const engagementReportRoutes = new Hono<AppEnv>()
  .get('/filters', async (c) => {
    // The department filter's choices: people who read reports may not see the admin pages.
    const rows = await c.var.deps.db
      .select({ id: departments.id, name: departments.name })
      .from(departments)
      .where(eq(departments.orgId, c.var.user.orgId))
      .orderBy(asc(departments.name));
    return c.json({
      departments: rows,
      serviceCategories: serviceCategories.map((value) => ({ value, label: serviceCategoryLabels[value] })),
    });
  })
  .get('/conversion', validate('query', reportFilterQuery), async (c) => {
    const { db, orgId, filters } = reportRequest(c, c.req.valid('query'));
    return c.json(await conversionReport(db, orgId, filters));
  })
  .get('/cycle-times', validate('query', reportFilterQuery), async (c) => {
    const { db, orgId, filters } = reportRequest(c, c.req.valid('query'));
    return c.json(await cycleTimeReport(db, orgId, filters));
  })
  .get('/sla-breaches', validate('query', reportFilterQuery), async (c) => {
    const { db, orgId, filters, now } = reportRequest(c, c.req.valid('query'));
    return c.json(await slaBreachReport(db, orgId, filters, now));
  })
  .get('/won-value', validate('query', reportFilterQuery), async (c) => {
    const { db, orgId, filters } = reportRequest(c, c.req.valid('query'));
    return c.json(await wonValueReport(db, orgId, filters));
  });

for (const chart of reportCharts) {
  engagementReportRoutes.get(`/${chart}.csv`, validate('query', reportFilterQuery), async (c) => {
    const request = reportRequest(c, c.req.valid('query'));
    const { header, rows } = await reportTables[chart](request);
    c.header('Content-Type', 'text/csv; charset=utf-8');
    c.header('Content-Disposition', `attachment; filename="engagement-${chart}-${request.now.toISOString().slice(0, 10)}.csv"`);
    return c.body(csvTable(header, rows));
  });
}
