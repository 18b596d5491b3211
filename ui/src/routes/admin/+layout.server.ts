import { error } from '@sveltejs/kit';
import { adminSectionsFor } from '$lib/permissions';
import type { LayoutServerLoad } from './$types';

export const load: LayoutServerLoad = ({ locals }) => {
  const sections = adminSectionsFor(locals.user);
  if (sections.length === 0) error(403, 'You do not have access to this page');
  return { adminSections: sections };
};
