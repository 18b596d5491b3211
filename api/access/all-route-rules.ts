import { caseTypes } from '../cases/registry.ts';
import { platformRouteRules, type RouteRule } from './route-rules.ts';

let rules: Record<string, RouteRule> | undefined;

/** Every API route's access rule: the platform's and each case type's. */
export const routeRules = (): Record<string, RouteRule> =>
  (rules ??= Object.assign({}, platformRouteRules, ...caseTypes().map((t) => t.routeRules)));
