import type { PortalEngagementsAnswer } from '$lib/api-types';
import { apiClient, rethrowAsAdminError } from '$lib/server/api';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async (event) => {
  const { engagements } = await apiClient(event).get<PortalEngagementsAnswer>('/api/portal/engagements').catch(rethrowAsAdminError);
  return { engagements };
};
