import { and, asc, between, eq } from 'drizzle-orm';
import { Hono, type Context } from 'hono';
import { fillPublicHolidays } from '../../db/queries/holidays.ts';
import { holidays, organizations, type Organization } from '../../db/schema/index.ts';
import { todayIn } from '../../domain/calendar.ts';
import { holidayCountries, holidayRegions, isHolidayCountry, isHolidayRegion } from '../../domain/public-holidays.ts';
import type { AppEnv } from '../context.ts';
import { deniedRecord } from '../access/denied.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { validate } from '../validation.ts';
import {
  holidayFillSchema,
  holidayIdParam,
  holidayPlacesQuery,
  holidayRegionSchema,
  holidayRenameSchema,
  holidaySchema,
  holidayYearQuery,
} from './schemas.ts';

async function organizationOf(c: Context<AppEnv>): Promise<Organization> {
  const [organization] = await c.var.deps.db.select().from(organizations).where(eq(organizations.id, c.var.user.orgId));
  if (!organization) throw new Error(`Organisation ${c.var.user.orgId} is missing`);
  return organization;
}

const calendarOf = (c: Context<AppEnv>, year: number) =>
  c.var.deps.db
    .select({ id: holidays.id, day: holidays.day, name: holidays.name })
    .from(holidays)
    .where(and(eq(holidays.orgId, c.var.user.orgId), between(holidays.day, `${year}-01-01`, `${year}-12-31`)))
    .orderBy(asc(holidays.day));

const ofThisOrg = (c: Context<AppEnv>, id: string) => and(eq(holidays.id, id), eq(holidays.orgId, c.var.user.orgId));

export const adminHolidayRoutes = new Hono<AppEnv>()
  .get('/holidays', validate('query', holidayYearQuery), async (c) => {
    const organization = await organizationOf(c);
    const year = c.req.valid('query').year ?? Number(todayIn(organization.timeZone, c.var.deps.now?.() ?? new Date()).slice(0, 4));
    return c.json({ year, country: organization.country, region: organization.region, holidays: await calendarOf(c, year) });
  })
  .post('/holidays', validate('json', holidaySchema), async (c) => {
    const input = c.req.valid('json');
    const [holiday] = await c.var.deps.db
      .insert(holidays)
      .values({ orgId: c.var.user.orgId, ...input })
      .onConflictDoNothing({ target: [holidays.orgId, holidays.day] })
      .returning({ id: holidays.id, day: holidays.day, name: holidays.name });
    if (!holiday) throw new HttpError(409, 'day_taken', 'That day is a holiday already.', [{ path: 'day', message: 'already a holiday' }]);
    await c.var.audit({
      kind: 'holiday.added',
      targetType: 'holiday',
      targetId: holiday.id,
      detail: { day: holiday.day, name: holiday.name },
    });
    return c.json({ holiday }, 201);
  })
  .post('/holidays/fill', validate('json', holidayFillSchema), async (c) => {
    const { year } = c.req.valid('json');
    const organization = await organizationOf(c);
    if (!organization.country) {
      throw unprocessable('no_country', 'Choose the organisation’s country (and region) before filling from the public holidays.', [
        { path: 'country', message: 'choose a country first' },
      ]);
    }
    const added = await fillPublicHolidays(c.var.deps.db, {
      orgId: organization.id,
      country: organization.country,
      region: organization.region,
      year,
    });
    await c.var.audit({
      kind: 'holidays.filled',
      targetType: 'organization',
      targetId: organization.id,
      detail: { year, country: organization.country, region: organization.region, added },
    });
    return c.json({ year, added, holidays: await calendarOf(c, year) });
  })
  .patch('/holidays/:id', validate('param', holidayIdParam), validate('json', holidayRenameSchema), async (c) => {
    const { id } = c.req.valid('param');
    const { name } = c.req.valid('json');
    const [before] = await c.var.deps.db.select().from(holidays).where(ofThisOrg(c, id));
    if (!before) throw await deniedRecord(c, 'holiday', id);
    const [holiday] = await c.var.deps.db
      .update(holidays)
      .set({ name })
      .where(ofThisOrg(c, id))
      .returning({ id: holidays.id, day: holidays.day, name: holidays.name });
    await c.var.audit({
      kind: 'holiday.renamed',
      targetType: 'holiday',
      targetId: id,
      detail: { day: before.day, before: before.name, after: name },
    });
    return c.json({ holiday });
  })
  .delete('/holidays/:id', validate('param', holidayIdParam), async (c) => {
    const { id } = c.req.valid('param');
    const [removed] = await c.var.deps.db.delete(holidays).where(ofThisOrg(c, id)).returning();
    if (!removed) throw await deniedRecord(c, 'holiday', id);
    await c.var.audit({ kind: 'holiday.removed', targetType: 'holiday', targetId: id, detail: { day: removed.day, name: removed.name } });
    return c.body(null, 204);
  })
  .get('/holiday-places', validate('query', holidayPlacesQuery), (c) => {
    const { country } = c.req.valid('query');
    return c.json({ countries: holidayCountries(), regions: country && isHolidayCountry(country) ? holidayRegions(country) : [] });
  })
  .patch('/holiday-region', validate('json', holidayRegionSchema), async (c) => {
    const { country, region } = c.req.valid('json');
    if (country && !isHolidayCountry(country))
      throw unprocessable('unknown_country', 'The public holiday library does not know this country.', [
        { path: 'country', message: 'unknown country' },
      ]);
    if (region && (!country || !isHolidayRegion(country, region)))
      throw unprocessable('unknown_region', 'This region is not one of the country’s.', [
        { path: 'region', message: 'not a region of the country' },
      ]);
    const before = await organizationOf(c);
    await c.var.deps.db.update(organizations).set({ country, region }).where(eq(organizations.id, before.id));
    await c.var.audit({
      kind: 'organization.holiday_region_changed',
      targetType: 'organization',
      targetId: before.id,
      detail: { before: { country: before.country, region: before.region }, after: { country, region } },
    });
    return c.json({ country, region });
  });
