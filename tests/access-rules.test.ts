import { randomUUID } from 'node:crypto';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { routeRules as allRouteRules } from '../api/access/all-route-rules.ts';

const routeRules = allRouteRules();
import { demoPeople } from '../db/seed.ts';
import { effectiveGrants } from '../domain/access/grants.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { caller, signIn, startPlatform, type Platform } from './harness.ts';

// Walks every API route with every role: the answer must follow the rule in api/access/route-rules.ts,
// and a route added without a rule fails here before it ships.

let platform: Platform;
let bundle: WorkflowBundleWithSourceMap;

beforeAll(async () => {
  bundle = await bundleWorkflows();
  platform = await startPlatform({ bundle });
});
afterAll(() => platform?.stop());

const routes = () => [...new Set(platform.app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`))];

const concrete = (path: string) =>
  path
    .replace(':attachmentId', randomUUID())
    .replace(':id', randomUUID())
    .replace(':token', 'x'.repeat(32))
    .replace(':key', 'made_up_role')
    .replace(':code', 'made_up_type');

describe('route rules', () => {
  it('has exactly one rule for every route the API serves', () => {
    const served = routes();
    expect(served.filter((route) => !routeRules[route])).toEqual([]);
    expect(Object.keys(routeRules).filter((route) => !served.includes(route))).toEqual([]);
  });

  it('asks for a session on every route that is not public', async () => {
    const anonymous = caller(platform, null);
    for (const route of routes()) {
      if (routeRules[route]!.access === 'public') continue;
      const [method, path] = route.split(' ') as [string, string];
      const answer = await (method === 'GET' ? anonymous.get(concrete(path).slice(4)) : callAs(anonymous, method, concrete(path).slice(4)));
      expect({ route, status: answer.status }).toEqual({ route, status: 401 });
    }
  });

  // The walk sends harmless requests (random ids, empty bodies): allowed ones fail validation or find
  // nothing; forbidden ones must be refused before any of that.
  it.each(demoPeople.map((p) => [p.key, [...p.roles]] as const))('lets %s do exactly what their roles grant', async (person, roles) => {
    const grants = effectiveGrants(roles);
    const user = await signIn(platform, person);
    for (const route of routes()) {
      const rule = routeRules[route]!;
      if (rule.access !== 'permission') continue;
      const [method, path] = route.split(' ') as [string, string];
      const answer = await callAs(user, method, concrete(path).slice(4));
      const expected = grants.has(rule.permission) ? 'allowed' : 'forbidden';
      // A 5xx is a broken route, not an allowed one: the walk's requests are harmless by design.
      const got =
        answer.status >= 500
          ? `failed with ${answer.status}`
          : answer.status === 403
            ? 'forbidden'
            : answer.status === 401
              ? 'unauthenticated'
              : 'allowed';
      expect({ route, person, outcome: got }).toEqual({ route, person, outcome: expected });
    }
  });
});

function callAs(user: ReturnType<typeof caller>, method: string, path: string) {
  switch (method) {
    case 'GET':
      return user.get(path);
    case 'POST':
      return user.post(path, {});
    case 'PATCH':
      return user.patch(path, {});
    case 'PUT':
      return user.put(path, {});
    case 'DELETE':
      return user.delete(path);
    default:
      throw new Error(`No walk for ${method}`);
  }
}
