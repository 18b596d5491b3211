import type { PayslipsAnswer } from '$lib/api-types';
import { apiClient, rethrowAsHttpError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => ({
  payslips: (await apiClient(event).get<PayslipsAnswer>('/api/payslips').catch(rethrowAsHttpError)).payslips,
});
