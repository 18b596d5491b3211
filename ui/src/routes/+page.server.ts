import { redirect } from '@sveltejs/kit';
import { landingPageFor } from '$lib/permissions';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => redirect(307, landingPageFor(locals.user));
