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
      showPipeline: false,
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
  const openTaskCount = await apiClient(event)
    .get<InboxCount>('/api/tasks/count')
    .then(({ count }) => count)
    .catch(() => null);
  return {
    user,
    signedIn: true,
    showAdmin: adminSectionsFor(user).length > 0,
    showTeamTasks: can(user, 'tasks:reassign'),
    showPipeline: can(user, 'engagements:view'),
    openTaskCount,
    unreadNotifications: await unreadNotifications,
    timeZone: user.timeZone ?? serverTimeZone,
  };
};
