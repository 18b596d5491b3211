import type { PayrollRunsAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { runs } = await apiClient(event).get<PayrollRunsAnswer>('/api/payroll/runs').catch(rethrowAsAdminError);
  return { runs };
};
