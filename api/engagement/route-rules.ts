import { anyone, can, type RouteRule } from '../access/route-rules.ts';
import { reportCharts } from './reports/tables.ts';

/** The engagement process's own routes and who may use them. */
export const engagementRouteRules: Record<string, RouteRule> = {
  'POST /api/leads': can('leads:capture'),
  'GET /api/leads/form': can('leads:capture'),
  'GET /api/engagements': can('engagements:view'),
  'GET /api/engagements/:id': can('engagements:view'),
  'GET /api/engagements/:id/quotes/:version/pdf': can('engagements:view'),
  // The reports show what the pipeline shows (values included), summed up: whoever sees the pipeline.
  'GET /api/engagements/reports/filters': can('engagements:view'),
  'GET /api/engagements/reports/conversion': can('engagements:view'),
  'GET /api/engagements/reports/cycle-times': can('engagements:view'),
  'GET /api/engagements/reports/sla-breaches': can('engagements:view'),
  'GET /api/engagements/reports/won-value': can('engagements:view'),
  ...Object.fromEntries(reportCharts.map((chart) => [`GET /api/engagements/reports/${chart}.csv`, can('engagements:view')])),
  'POST /api/engagements/:id/quote': can('quotes:prepare'),
  'POST /api/engagements/:id/work-plan': can('work:plan'),
  // Names only, of whoever may do work: a planner needs them whatever people they may otherwise see.
  'GET /api/engagements/:id/assignable-people': can('work:plan'),
  // Only the viewer's own items; with none, the engagement is not found.
  'GET /api/engagements/:id/my-work': can('work:do'),
  // The workflow lets only the item's assignee act on it.
  'POST /api/engagements/:id/items/:key/start': can('work:do'),
  'POST /api/engagements/:id/items/:key/time': can('work:do'),
  'POST /api/engagements/:id/follow-up-now': can('leads:qualify'),
  'POST /api/engagements/:id/hold': can('engagements:manage'),
  'POST /api/engagements/:id/resume': can('engagements:manage'),
  'POST /api/engagements/:id/cancel': can('engagements:manage'),
  'GET /api/admin/engagement-settings': can('engagements:manage'),
  'PUT /api/admin/engagement-settings': can('engagements:manage'),
  // The web form and the client's quote link: no sign-in, rate-limited, the link's token is the key.
  'POST /api/public/leads': anyone,
  // The lead form's heading: the organisation's name (its id is in the form's public address).
  'GET /api/public/organizations/:id': anyone,
  'GET /api/public/quotes/:token': anyone,
  'GET /api/public/quotes/:token/pdf': anyone,
  'POST /api/public/quotes/:token/answer': anyone,
  // A client sees only the engagements of clients they are a contact of: decided in the handlers.
  'GET /api/portal/engagements': can('clients:view-own'),
  'GET /api/portal/engagements/:id': can('clients:view-own'),
  'POST /api/portal/engagements/:id/delivery': can('clients:view-own'),
  'POST /api/portal/engagements/:id/feedback': can('clients:view-own'),
};
