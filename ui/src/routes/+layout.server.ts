import type { InboxCount, UnreadCount } from '$lib/api-types';
import { adminSectionsFor, can } from '$lib/permissions';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import { serverTimeZone } from '$lib/server/time-zone';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = async (event) => {
  event.depends('app:tasks');
  event.depends('app:notifications');
  const { user, session, sessionLookupFailure } = event.locals;
  if (sessionLookupFailure) rethrowAsHttpError(sessionLookupFailure);
  // A session still signing in sees only its name and a way out.
  if (!user || session?.twoFactor !== 'verified') {
    return {
      user,
      signedIn: false,
      showAdmin: false,
      showTeamTasks: false,
      showStaffPages: false,
      showAttendance: false,
      showAttendanceAdmin: false,
      showPortal: false,
      showClients: false,
      showEngagementReports: false,
      showPipeline: false,
      showPayroll: false,
      openTaskCount: null,
      unreadNotifications: null,
      timeZone: user?.timeZone ?? serverTimeZone,
    };
  }

  // The badge is a convenience: when counting fails, the page still renders without it.
  // The bell asks for its number only, alongside the badge's call.
  const unreadNotifications = apiClient(event)
    .get<UnreadCount>('/api/notifications/count')
    .then(({ unread }) => unread)
    .catch(() => null);
  // A client works on no tasks: the inbox, leave and their badge are the staff's.
  const showStaffPages = can(user, 'tasks:work');
  const openTaskCount = showStaffPages
    ? await apiClient(event)
        .get<InboxCount>('/api/tasks/count')
        .then(({ count }) => count)
        .catch(() => null)
    : null;
  return {
    user,
    signedIn: true,
    showAdmin: adminSectionsFor(user).length > 0,
    showTeamTasks: can(user, 'tasks:reassign'),
    showStaffPages,
    showAttendance: can(user, 'attendance:record'),
    showAttendanceAdmin: can(user, 'attendance:manage'),
    // Staff who may see the portal too (a super admin) are contacts of no client: their pages are the staff's.
    showPortal: !showStaffPages && can(user, 'clients:view-own'),
    showClients: can(user, 'engagements:view'),
    showEngagementReports: can(user, 'engagements:view'),
    showPipeline: can(user, 'engagements:view'),
    showPayroll: can(user, 'payroll:run') || can(user, 'payroll:approve'),
    openTaskCount,
    unreadNotifications: await unreadNotifications,
    timeZone: user.timeZone ?? serverTimeZone,
  };
};
