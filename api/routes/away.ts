import { and, eq, ne } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import { absences, organizations, userPreferences, users } from '../../db/schema/index.ts';
import { addCalendarDays, isCalendarDate, todayIn } from '../../domain/calendar.ts';
import { awayOverview, endAbsence } from '../away/absences.ts';
import type { AppEnv } from '../context.ts';
import { HttpError, unprocessable } from '../errors.ts';
import { validate } from '../validation.ts';

const calendarDate = z.string().refine(isCalendarDate, 'must be a date (YYYY-MM-DD)');
const absenceSchema = z.strictObject({ startsOn: calendarDate, endsOn: calendarDate, note: z.string().trim().max(200).optional() });
const delegateSchema = z.strictObject({ delegateId: z.uuid('must be a user id').nullable() });
const absenceParam = z.object({ id: z.uuid('must be an absence id') });
/** Longer absences are for HR to record, not for an out-of-office note. */
const longestAbsenceDays = 366;

// Out of office: one's own absences and the delegate who takes tasks offered meanwhile.
export const awayRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await awayOverview(c.var.deps.db, c.var.user.orgId, c.var.user.id)))
  .put('/delegate', validate('json', delegateSchema), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const { delegateId } = c.req.valid('json');
    if (delegateId) {
      const [delegate] = await db
        .select({ id: users.id })
        .from(users)
        .where(and(eq(users.id, delegateId), eq(users.orgId, user.orgId), eq(users.active, true), ne(users.id, user.id)));
      if (!delegate) {
        throw unprocessable('invalid_delegate', 'Pick an active colleague other than yourself.', [
          { path: 'delegateId', message: 'not an active colleague' },
        ]);
      }
    }
    await db
      .insert(userPreferences)
      .values({ userId: user.id, orgId: user.orgId, awayDelegateId: delegateId })
      .onConflictDoUpdate({ target: userPreferences.userId, set: { awayDelegateId: delegateId, updatedAt: new Date() } });
    await c.var.audit({ kind: 'away.delegate_set', targetType: 'user', targetId: user.id, detail: { delegateId } });
    return c.json(await awayOverview(db, user.orgId, user.id));
  })
  .post('/absences', validate('json', absenceSchema), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const { startsOn, endsOn, note } = c.req.valid('json');
    const [org] = await db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, user.orgId));
    const today = todayIn(org!.timeZone);
    if (endsOn < startsOn)
      throw unprocessable('invalid_absence', 'The absence ends before it starts.', [{ path: 'endsOn', message: 'before the start' }]);
    if (endsOn < today)
      throw unprocessable('invalid_absence', 'The absence is over already.', [{ path: 'endsOn', message: 'in the past' }]);
    if (addCalendarDays(startsOn, longestAbsenceDays) < endsOn) {
      throw unprocessable('invalid_absence', `An absence lasts at most ${longestAbsenceDays} days.`, [
        { path: 'endsOn', message: 'too far after the start' },
      ]);
    }
    const [absence] = await db
      .insert(absences)
      .values({ orgId: user.orgId, userId: user.id, startsOn, endsOn, note: note || null })
      .returning({ id: absences.id });
    await c.var.audit({ kind: 'away.absence_set', targetType: 'absence', targetId: absence!.id, detail: { startsOn, endsOn } });
    return c.json(await awayOverview(db, user.orgId, user.id), 201);
  })
  .post('/absences/:id/end', validate('param', absenceParam), validate('json', z.strictObject({})), async (c) => {
    const { db, temporal } = c.var.deps;
    const user = c.var.user;
    const told = await endAbsence(db, temporal, user.orgId, user.id, c.req.valid('param').id);
    if (told === false) throw new HttpError(404, 'not_found', 'No such absence of yours.');
    await c.var.audit({
      kind: 'away.absence_ended',
      targetType: 'absence',
      targetId: c.req.valid('param').id,
      detail: { processesTold: told },
    });
    return c.json({ ...(await awayOverview(db, user.orgId, user.id)), processesTold: told });
  });
