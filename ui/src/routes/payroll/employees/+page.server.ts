import type { PayrollEmployeesAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) =>
  apiClient(event).get<PayrollEmployeesAnswer>('/api/payroll/employees').catch(rethrowAsAdminError);
