import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { z } from 'zod';
import type { DbOrTx } from '../../db/client.ts';
import { emailModes, userPreferences } from '../../db/schema/index.ts';
import type { AppEnv } from '../context.ts';
import { validate } from '../validation.ts';

const preferencesSchema = z.strictObject({ emailMode: z.enum(emailModes, "must be 'immediate' or 'digest'") });

/** A person without a preferences row hears of each task at once, as the column's default says. */
async function preferencesOf(db: DbOrTx, userId: string) {
  const [row] = await db.select({ emailMode: userPreferences.emailMode }).from(userPreferences).where(eq(userPreferences.userId, userId));
  return { emailMode: row?.emailMode ?? ('immediate' as const) };
}

// How a person hears of their tasks by e-mail: one e-mail for each change, or one digest a day.
export const preferenceRoutes = new Hono<AppEnv>()
  .get('/', async (c) => c.json(await preferencesOf(c.var.deps.db, c.var.user.id)))
  .put('/', validate('json', preferencesSchema), async (c) => {
    const { db } = c.var.deps;
    const user = c.var.user;
    const { emailMode } = c.req.valid('json');
    const before = await preferencesOf(db, user.id);
    await db
      .insert(userPreferences)
      .values({ userId: user.id, orgId: user.orgId, emailMode })
      .onConflictDoUpdate({ target: userPreferences.userId, set: { emailMode, updatedAt: new Date() } });
    await c.var.audit({
      kind: 'preferences.email_mode_set',
      targetType: 'user',
      targetId: user.id,
      detail: { before: before.emailMode, after: emailMode },
    });
    return c.json({ emailMode });
  });
