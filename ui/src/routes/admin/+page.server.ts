import { redirect } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ parent }) => {
  const { adminSections } = await parent();
  // The layout has refused anyone without a section.
  redirect(307, adminSections[0]!.href);
};
