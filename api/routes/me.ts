import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { organizations } from '../../db/schema/index.ts';
import { presentPrincipal } from '../../db/queries/principal.ts';
import type { AppEnv } from '../context.ts';

export const meRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const [organization] = await c.var.deps.db.select().from(organizations).where(eq(organizations.id, c.var.user.orgId));
  const { session } = c.var;
  return c.json({
    // Pages show times where the organisation is, not where the UI server runs.
    user: { ...presentPrincipal(c.var.user), organizationName: organization?.name ?? null, timeZone: organization?.timeZone ?? 'UTC' },
    session: { id: session.id, twoFactor: c.var.twoFactorStage, expiresAt: session.expiresAt },
  });
});
