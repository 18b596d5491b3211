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
 */
export const sameOriginOnly = (appOrigin: string) =>
  createMiddleware<AppEnv>(async (c, next) => {
    if (!safeMethods.has(c.req.method)) {
      const origin = c.req.header('origin');
      const site = c.req.header('sec-fetch-site');
      const contentType = c.req.header('content-type') ?? '';
      if ((origin && origin !== appOrigin) || (site && site !== 'same-origin' && site !== 'none') || formLike.test(contentType)) {
        throw new HttpError(403, 'cross_site_request', 'Requests from other sites are refused.');
      }
    }
    await next();
  });
