// The JSON the platform's routes answer with, named for the UI (docs/api.md describes them). Types
// only, each taken from the route whose handler builds it: a field renamed in a handler or a read
// model fails the UI's type check. `…Answer` is a route's whole answer where the UI reads one key.
import type { Answer } from './answer.ts';
import type { adminAuditRoutes } from './admin/audit.ts';
import type { adminDepartmentRoutes } from './admin/departments.ts';
import type { adminHolidayRoutes } from './admin/holidays.ts';
import type { adminRoleRoutes } from './admin/roles.ts';
import type { adminUserRoutes } from './admin/users.ts';
import type { CaseFieldValues } from './cases/case-type.ts';
import type { accountRoutes } from './routes/account.ts';
import type { authRoutes } from './routes/auth.ts';
import type { awayRoutes } from './routes/away.ts';
import type { bulkDecisionRoutes } from './routes/bulk-decisions.ts';
import type { meRoutes } from './routes/me.ts';
import type { notificationRoutes } from './routes/notifications.ts';
import type { preferenceRoutes } from './routes/preferences.ts';
import type { savedViewRoutes } from './routes/saved-views.ts';
import type { taskAttachmentRoutes } from './routes/task-attachments.ts';
import type { taskCommentRoutes } from './routes/task-comments.ts';
import type { taskRoutes } from './routes/tasks.ts';

export type { Json } from './answer.ts';
export type { ApiErrorBody, FieldDetail as FieldViolation } from './errors.ts';

export type Me = Answer<typeof meRoutes, '/', '$get'>;
export type User = Me['user'];
export type Session = Me['session'];
export type TwoFactorState = Session['twoFactor'];
export type SignInAnswer = Answer<typeof authRoutes, '/sign-in', '$post'>;
export type SignInNext = SignInAnswer['next'];
export type InvitationPreview = Answer<typeof authRoutes, '/invitations/:token', '$get'>;

export type AccountSessionsAnswer = Answer<typeof accountRoutes, '/sessions', '$get'>;
export type AccountSession = AccountSessionsAnswer['sessions'][number];
export type TotpSetup = Answer<typeof accountRoutes, '/totp/setup', '$post'>;
export type TotpEnabledAnswer = Answer<typeof accountRoutes, '/totp/enable', '$post'>;
export type RecoveryCodes = Answer<typeof accountRoutes, '/recovery-codes', '$post'>;
export type AwayOverview = Answer<typeof awayRoutes, '/', '$get'>;
/** How the person hears of their tasks by e-mail. */
export type AccountPreferences = Answer<typeof preferenceRoutes, '/', '$get'>;

export type InboxPage = Answer<typeof taskRoutes, '/', '$get'>;
export type Task = InboxPage['tasks'][number];
export type TaskStatus = Task['status'];
export type TaskPriority = Task['priority'];
export type CaseFieldValue = CaseFieldValues[string];
export type InboxCount = Answer<typeof taskRoutes, '/count', '$get'>;
export type TeamTasks = Answer<typeof taskRoutes, '/team', '$get'>;
export type TaskDetail = Answer<typeof taskRoutes, '/:id', '$get'>;
export type TimelineEvent = TaskDetail['timeline'][number];
export type ReassignAnswer = Answer<typeof taskRoutes, '/:id/reassign', '$post'>;
export type BulkDecisionAnswer = Answer<typeof bulkDecisionRoutes, '/', '$post'>;
export type BulkResult = BulkDecisionAnswer['results'][number];
export type SavedViewsAnswer = Answer<typeof savedViewRoutes, '/', '$get'>;
export type SavedViewAnswer = Answer<typeof savedViewRoutes, '/:id', '$get'>;
export type SavedView = SavedViewAnswer['view'];
export type NewSavedViewAnswer = Answer<typeof savedViewRoutes, '/', '$post'>;

export type TaskComments = Answer<typeof taskCommentRoutes, '/:id/comments', '$get'>;
export type TaskComment = TaskComments['comments'][number];
export type AttachmentAnswer = Answer<typeof taskAttachmentRoutes, '/:id/attachments', '$post'>;
export type TaskAttachment = AttachmentAnswer['attachment'];
export type NotificationPage = Answer<typeof notificationRoutes, '/', '$get'>;
export type NotificationKind = NotificationPage['notifications'][number]['kind'];
export type UnreadCount = Answer<typeof notificationRoutes, '/count', '$get'>;

export type PeopleAnswer = Answer<typeof adminUserRoutes, '/users', '$get'>;
export type PersonAnswer = Answer<typeof adminUserRoutes, '/users/:id', '$get'>;
export type Person = PersonAnswer['user'];
export type InvitationsAnswer = Answer<typeof adminUserRoutes, '/invitations', '$get'>;
export type Invitation = InvitationsAnswer['invitations'][number];
export type InvitationSentAnswer = Answer<typeof adminUserRoutes, '/invitations', '$post'>;
export type DepartmentsAnswer = Answer<typeof adminDepartmentRoutes, '/departments', '$get'>;
export type Department = DepartmentsAnswer['departments'][number];
export type RolesAnswer = Answer<typeof adminRoleRoutes, '/roles', '$get'>;
export type Role = RolesAnswer['roles'][number];
export type Grant = Role['permissions'][number];
export type Scope = Grant['scope'];
export type PermissionsAnswer = Answer<typeof adminRoleRoutes, '/permissions', '$get'>;
export type PermissionDefinition = PermissionsAnswer['permissions'][number];
export type AuditPage = Answer<typeof adminAuditRoutes, '/audit', '$get'>;
export type HolidayCalendar = Answer<typeof adminHolidayRoutes, '/holidays', '$get'>;
export type HolidaysFilled = Answer<typeof adminHolidayRoutes, '/holidays/fill', '$post'>;
export type HolidayPlaces = Answer<typeof adminHolidayRoutes, '/holiday-places', '$get'>;
