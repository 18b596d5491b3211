import { can, type RouteRule } from '../../access/route-rules.ts';

/**
 * Client records. Everyone who follows engagements (sales, support, team leads, QA, operators) reads
 * them; the people who talk to clients (sales agents and closers, support agents and managers: they
 * hold leads:capture) write notes, interactions, follow-ups, contacts and tags.
 */
export const clientRouteRules: Record<string, RouteRule> = {
  'GET /api/clients': can('engagements:view'),
  'GET /api/clients.csv': can('engagements:view'),
  'GET /api/clients/:id': can('engagements:view'),
  'POST /api/clients/:id/notes': can('leads:capture'),
  'POST /api/clients/:id/interactions': can('leads:capture'),
  'POST /api/clients/:id/follow-ups': can('leads:capture'),
  'POST /api/clients/:id/follow-ups/:followUpId/done': can('leads:capture'),
  'POST /api/clients/:id/contacts': can('leads:capture'),
  'PUT /api/clients/:id/contacts/:contactId': can('leads:capture'),
  'POST /api/clients/:id/tags': can('leads:capture'),
  'DELETE /api/clients/:id/tags/:tag': can('leads:capture'),
};
