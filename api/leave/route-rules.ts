import { can, signedIn, type RouteRule } from '../access/route-rules.ts';

/** The leave process's own routes and who may use them. */
export const leaveRouteRules: Record<string, RouteRule> = {
  'GET /api/leave-types': can('leave:request'),
  'GET /api/leave-balances': can('leave:request'),
  'POST /api/leave-requests/preview': can('leave:request'),
  'POST /api/leave-requests': can('leave:request'),
  'GET /api/leave-requests': can('leave:request'),
  // The employee's own, or one whose task the reader holds: decided in the handler.
  'GET /api/leave-requests/:id': signedIn,
  'POST /api/leave-requests/:id/cancel': can('leave:request'),
  'GET /api/admin/leave-types': can('leave:administer'),
  'POST /api/admin/leave-types': can('leave:administer'),
  'PATCH /api/admin/leave-types/:code': can('leave:administer'),
  'GET /api/admin/allocations': can('leave:administer'),
  'POST /api/admin/allocations': can('leave:administer'),
  'POST /api/admin/allocations/adjustments': can('leave:administer'),
};
