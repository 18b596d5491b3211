import type { LeaveBalancesAnswer, LeaveRequestsAnswer } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const api = apiClient(event);
  const [{ balances }, { leaveRequests }] = await Promise.all([
    api.get<LeaveBalancesAnswer>('/api/leave-balances'),
    api.get<LeaveRequestsAnswer>('/api/leave-requests'),
  ]).catch(rethrowAsHttpError);
  return { balances, leaveRequests };
};
