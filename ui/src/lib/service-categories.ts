import type { PublicLeadForm } from './api-types';

export type ServiceCategory = PublicLeadForm['serviceCategory'];

/** The services a lead may ask for, as the API names them: a category it adds fails the type check here. */
export const SERVICE_CATEGORY_LABELS: Record<ServiceCategory, string> = {
  web: 'Web',
  graphics: 'Graphics',
  seo: 'SEO',
  gmb: 'Google Business profile',
  social_media: 'Social media',
};
