import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../context.ts';
import { HttpError } from '../errors.ts';

const safeMethods = new Set(['GET', 'HEAD', 'OPTIONS']);
const formLike = /^(application\/x-www-form-urlencoded|multipart\/form-data|text\/plain)\b/i;

/**
 * Cross-site request forgery defence for state-changing requests. Browsers say where a request
 * comes from (Origin, Sec-Fetch-Site): anything from another site is refused. The API takes JSON
 * only, which a foreign page cannot send without a CORS preflight this API never grants, so a
 * form-encoded body is refused too. Server-side callers (the UI server) send neither header.
 * `crossOrigin` names the paths another trusted origin may post JSON to (the Temporal Web UI's
 * codec calls, which webUiCors lets through the preflight).
 */
export const sameOriginOnly = (appOrigin: string, crossOrigin: { pathPrefix: string; origins: ReadonlySet<string> }[] = []) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!safeMethods.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const contentType = c.req.header('content-type') ?? '';
      const trusted = origin !== undefined && crossOrigin.some((r) => c.req.path.startsWith(r.pathPrefix) && r.origins.has(origin));
      const foreign = !trusted && ((origin && origin !== appOrigin) || (site && site !== 'same-origin' && site !== 'none'));
      if (foreign || formLike.test(contentType)) {
        throw new HttpError(403, 'cross_site_request', 'Requests from other sites are refused.');
      }
    }
    await next();
  });
