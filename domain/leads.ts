// What a lead is about and where it came from: the catalogue the forms, the rules and the reports share.

export const serviceCategories = ['web', 'graphics', 'seo', 'gmb', 'social_media'] as const;
export type ServiceCategory = (typeof serviceCategories)[number];

export const serviceCategoryLabels: Record<ServiceCategory, string> = {
  web: 'Web',
  graphics: 'Graphics',
  seo: 'SEO',
  gmb: 'GMB',
  social_media: 'Social Media',
};

export const leadSources = ['referral', 'web_form', 'api', 'event', 'outbound', 'other'] as const;
export type LeadSource = (typeof leadSources)[number];

export const leadSourceLabels: Record<LeadSource, string> = {
  referral: 'Referral',
  web_form: 'Web form',
  api: 'API',
  event: 'Event',
  outbound: 'Outbound',
  other: 'Other',
};

/** E-mail as compared for duplicates: trimmed and lower-cased. */
export const comparableEmail = (email: string | null | undefined) => (email ? email.trim().toLowerCase() : null);

/** A phone number as compared for duplicates: its digits, with a leading + kept. */
export function comparablePhone(phone: string | null | undefined): string | null {
  if (!phone) return null;
  const digits = phone.replace(/[^\d]/g, '');
  if (digits.length < 5) return null;
  return phone.trim().startsWith('+') ? `+${digits}` : digits;
}
