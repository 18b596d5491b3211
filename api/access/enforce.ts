import { getCookie } from 'hono/cookie';
import { createMiddleware } from 'hono/factory';
import { matchedRoutes } from 'hono/route';
import { validateSessionToken } from '../auth/sessions.ts';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';
import { recordAudit } from './audit.ts';
import { clientAddress } from './client-address.ts';
import { principalOf } from '../../db/queries/principal.ts';
import { routeRules } from './all-route-rules.ts';
import type { TwoFactorStage } from './route-rules.ts';

export const sessionCookie = 'session';

/**
 * The route that will answer, as the rules table names it: the first match that is not a middleware.
 * (A request can match several routes, `/tasks/team` and `/tasks/:id`; Hono answers with the first.)
 */
function routeKey(method: string, routes: ReturnType<typeof matchedRoutes>): string | undefined {
  const handler = routes.find((r) => r.method !== 'ALL');
  return handler && `${method === 'HEAD' ? 'GET' : method} ${handler.path}`;
}

/**
 * Access control for every route: finds the route's rule, resolves the session and the person's
 * grants, and refuses before the handler runs. Unknown routes fall through to the 404 answer.
 */
export const enforceAccess = createMiddleware<AppEnv>(async (c, next) => {
  const { deps } = c.var;
  const address = clientAddress(c, deps.config.trustedProxies);
  c.set('clientAddress', address);
  c.set('audit', (event, tx = deps.db) => recordAudit(tx, { orgId: null, ipAddress: address, ...event }));

  const key = routeKey(c.req.method, matchedRoutes(c));
  if (!key) return next();
  const rule = routeRules()[key];
  if (!rule) throw new HttpError(403, 'forbidden', 'This route has no access rule.');
  if (rule.access === 'public') return next();

  const token = getCookie(c, sessionCookie);
  const found = token ? await validateSessionToken(deps.db, token, deps.config.sessions) : null;
  if (!found) throw new HttpError(401, 'unauthenticated', 'Sign in first.');
  const user = principalOf(found.user, found.customRoles);
  c.set('user', user);
  c.set('session', found.session);
  c.set('audit', (event, tx = deps.db) =>
    recordAudit(tx, { orgId: user.orgId, actorId: user.id, actorEmail: user.email, ipAddress: address, ...event }),
  );

  const stage: TwoFactorStage = found.session.twoFactorVerified
    ? 'verified'
    : user.twoFactorEnabled
      ? 'required'
      : user.twoFactorRequired
        ? 'enroll'
        : 'verified';
  c.set('twoFactorStage', stage);
  const stages = (rule.access === 'session' && rule.stages) || ['verified'];
  if (!stages.includes(stage)) {
    if (stage === 'verified') throw new HttpError(409, 'already_verified', 'This step of signing in is already done.');
    throw new HttpError(
      403,
      'two_factor_required',
      stage === 'enroll' ? 'Set up two-factor sign-in first.' : 'Enter your authentication code first.',
    );
  }
  if (rule.access === 'permission' && !user.grants.has(rule.permission)) {
    await c.var.audit({ kind: 'access.denied', targetType: 'route', targetId: key, detail: { permission: rule.permission } });
    throw new HttpError(403, 'forbidden', 'You do not have permission to do this.');
  }
  await next();
});
