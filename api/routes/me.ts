import { eq } from 'drizzle-orm';
import { Hono } from 'hono';
import { preparedRead, type Params } from '../../db/client.ts';
import { organizations } from '../../db/schema/index.ts';
import { presentPrincipal } from '../../db/queries/principal.ts';
import type { AppEnv } from '../context.ts';

// Every page load asks who is signed in.
const organizationOf = preparedRead('organization_of', (db, key: Params<{ orgId: string }>) =>
  db.select({ name: organizations.name, timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, key.orgId)),
);

export const meRoutes = new Hono<AppEnv>().get('/', async (c) => {
  const [organization] = await organizationOf(c.var.deps.db, { orgId: c.var.user.orgId });
  const { session } = c.var;
  return c.json({
    // Pages show times where the organisation is, not where the UI server runs.
    user: { ...presentPrincipal(c.var.user), organizationName: organization?.name ?? null, timeZone: organization?.timeZone ?? 'UTC' },
    session: { id: session.id, twoFactor: c.var.twoFactorStage, expiresAt: session.expiresAt },
  });
});
