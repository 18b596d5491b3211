import type { AttendanceSummariesAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const month = event.url.searchParams.get('month');
  const query = month && /^\d{4}-\d{2}$/.test(month) ? `?month=${month}` : '';
  return {
    summaries: await apiClient(event).get<AttendanceSummariesAnswer>(`/api/attendance/summaries${query}`).catch(rethrowAsAdminError),
  };
};
