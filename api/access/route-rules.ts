import type { Permission } from '../../domain/access/permissions.ts';

/** Where a session stands with its second factor. */
export type TwoFactorStage = 'verified' | 'required' | 'enroll';

export type RouteRule =
  /** Anyone, signed in or not. */
  | { access: 'public' }
  /** Any signed-in person, acting on their own data, at these stages of signing in (default: finished). */
  | { access: 'session'; stages?: TwoFactorStage[] }
  /** A signed-in person whose roles grant the permission; the handler narrows to the permission's scope. */
  | { access: 'permission'; permission: Permission };

export const anyone: RouteRule = { access: 'public' };
export const signedIn: RouteRule = { access: 'session' };
export const can = (permission: Permission): RouteRule => ({ access: 'permission', permission });

/**
 * The platform's own routes' access rules; each case type adds its own (see `routeRules`). A route
 * without a rule answers 403 to everyone, and tests/access-rules.test.ts fails, so a new route
 * cannot ship without a decision.
 */
export const platformRouteRules: Record<string, RouteRule> = {
  'GET /api/health': anyone,
  'GET /api/health/ready': anyone,
  'POST /api/auth/sign-in': anyone,
  'POST /api/auth/password-reset': anyone,
  'POST /api/auth/password-reset/complete': anyone,
  'GET /api/auth/invitations/:token': anyone,
  'POST /api/auth/invitations/accept': anyone,

  'GET /api/me': { access: 'session', stages: ['verified', 'required', 'enroll'] },
  'POST /api/auth/sign-out': { access: 'session', stages: ['verified', 'required', 'enroll'] },
  'POST /api/auth/sign-in/totp': { access: 'session', stages: ['required'] },
  'POST /api/account/totp/setup': { access: 'session', stages: ['enroll', 'verified'] },
  'POST /api/account/totp/enable': { access: 'session', stages: ['enroll', 'verified'] },
  'POST /api/auth/sign-out-everywhere': signedIn,
  'GET /api/account/away': can('tasks:work'),
  'PUT /api/account/away/delegate': can('tasks:work'),
  'POST /api/account/away/absences': can('tasks:work'),
  'POST /api/account/away/absences/:id/end': can('tasks:work'),
  // Immediate task e-mails or the daily digest: only people who work on tasks get either.
  'GET /api/account/preferences': can('tasks:work'),
  'PUT /api/account/preferences': can('tasks:work'),
  'GET /api/account/sessions': signedIn,
  'DELETE /api/account/sessions/:id': signedIn,
  'POST /api/account/password': signedIn,
  'POST /api/account/totp/disable': signedIn,
  'POST /api/account/recovery-codes': signedIn,
  'GET /api/events': signedIn,
  // Everyone's bell holds their own notices only; the handlers never reach another's.
  'GET /api/notifications': signedIn,
  'GET /api/notifications/count': signedIn,
  'POST /api/notifications/:id/read': signedIn,
  'POST /api/notifications/read-all': signedIn,

  'GET /api/tasks': can('tasks:work'),
  'GET /api/tasks/count': can('tasks:work'),
  'GET /api/tasks/team': can('tasks:reassign'),
  'GET /api/tasks/:id': can('tasks:work'),
  // Each task is checked as if decided alone: one the person may not see fails as not_found.
  'POST /api/tasks/bulk-complete': can('tasks:work'),
  'POST /api/tasks/:id/claim': can('tasks:work'),
  'POST /api/tasks/:id/release': can('tasks:work'),
  'POST /api/tasks/:id/complete': can('tasks:work'),
  'POST /api/tasks/:id/delegate': can('tasks:work'),
  'POST /api/tasks/:id/resolve': can('tasks:work'),
  'POST /api/tasks/:id/reassign': can('tasks:reassign'),
  // The kit refuses anyone whose tasks:reassign does not reach the case's subject.
  'POST /api/tasks/:id/due': can('tasks:reassign'),
  // Comments and files: the handlers answer 404 to anyone who may not see the task itself.
  'GET /api/tasks/:id/comments': can('tasks:work'),
  'POST /api/tasks/:id/comments': can('tasks:work'),
  'POST /api/tasks/:id/attachments': can('tasks:work'),
  'GET /api/tasks/:id/attachments/:attachmentId': can('tasks:work'),

  // Saved inbox views: one's own, and those shared with one's department (the handlers narrow to that).
  'GET /api/saved-views': can('tasks:work'),
  'POST /api/saved-views': can('tasks:work'),
  'GET /api/saved-views/:id': can('tasks:work'),
  'PATCH /api/saved-views/:id': can('tasks:work'),
  'DELETE /api/saved-views/:id': can('tasks:work'),

  'GET /api/admin/users': can('users:view'),
  'GET /api/admin/users/:id': can('users:view'),
  'PATCH /api/admin/users/:id': can('users:manage'),
  'POST /api/admin/users/:id/deactivate': can('users:manage'),
  'POST /api/admin/users/:id/reactivate': can('users:manage'),
  'GET /api/admin/invitations': can('users:manage'),
  'POST /api/admin/invitations': can('users:manage'),
  'GET /api/admin/departments': can('users:view'),
  'POST /api/admin/departments': can('departments:manage'),
  'PATCH /api/admin/departments/:id': can('departments:manage'),
  'GET /api/admin/roles': can('roles:view'),
  'GET /api/admin/permissions': can('roles:view'),
  'POST /api/admin/roles': can('roles:manage'),
  'PATCH /api/admin/roles/:key': can('roles:manage'),
  'GET /api/admin/audit': can('audit:view'),
  'GET /api/admin/audit.csv': can('audit:view'),
  'GET /api/admin/holidays': can('leave:administer'),
  'POST /api/admin/holidays': can('leave:administer'),
  'POST /api/admin/holidays/fill': can('leave:administer'),
  'PATCH /api/admin/holidays/:id': can('leave:administer'),
  'DELETE /api/admin/holidays/:id': can('leave:administer'),
  'GET /api/admin/holiday-places': can('leave:administer'),
  'PATCH /api/admin/holiday-region': can('leave:administer'),

  // The Temporal Web UI's codec endpoint: workflow data in clear, for operators only.
  'POST /api/temporal-codec/decode': can('operations:decode-payloads'),
  'POST /api/temporal-codec/encode': can('operations:decode-payloads'),
};
