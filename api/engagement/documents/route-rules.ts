import { can, type RouteRule } from '../../access/route-rules.ts';

/**
 * Documents. Everyone who follows engagements reads and downloads them; the people who deal with
 * clients (leads:capture: sales and support) upload them and decide what the client sees. A client
 * reads only what was shared with them, through the portal: decided in the handlers.
 */
export const documentRouteRules: Record<string, RouteRule> = {
  'GET /api/documents': can('engagements:view'),
  'POST /api/documents': can('leads:capture'),
  'GET /api/documents/:id': can('engagements:view'),
  'POST /api/documents/:id/versions': can('leads:capture'),
  'GET /api/documents/:id/versions/:version': can('engagements:view'),
  'PUT /api/documents/:id/sharing': can('leads:capture'),
  'GET /api/portal/documents': can('clients:view-own'),
  'GET /api/portal/documents/:id/versions/:version': can('clients:view-own'),
};
