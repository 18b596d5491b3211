import type { LeadFormInput } from '$lib/api-types';
import type { FieldErrors } from '$lib/field-errors';
import { parseMajorUnits } from '$lib/money';

/** The lead form's inputs as typed, to fill them in again after a refusal. */
export type LeadFormText = Record<(typeof TEXT_FIELDS)[number], string>;

const TEXT_FIELDS = ['leadId', 'contactName', 'email', 'phone', 'company', 'source', 'serviceCategory', 'budget', 'notes'] as const;

/**
 * The API's lead from the form: empty fields left out (the API takes them as not given), the
 * budget from major units to minor ones exactly. `problems` names what cannot be sent at all.
 */
export function leadFrom(formData: FormData, currency: string): { lead: LeadFormInput; entered: LeadFormText; problems: FieldErrors } {
  const entered = Object.fromEntries(
    TEXT_FIELDS.map((name) => {
      const value = formData.get(name);
      return [name, typeof value === 'string' ? value.trim() : ''];
    }),
  ) as LeadFormText;
  const problems: FieldErrors = {};
  const budgetMinor = entered.budget ? parseMajorUnits(entered.budget, currency) : null;
  if (entered.budget && (budgetMinor === null || budgetMinor < 0)) {
    problems.budget = `Give the budget as an amount in ${currency}, such as 25000 or 2500.50.`;
  }
  const given = (name: keyof LeadFormText) => (entered[name] ? { [name]: entered[name] } : {});
  const lead = {
    ...given('leadId'),
    contactName: entered.contactName,
    ...given('email'),
    ...given('phone'),
    ...given('company'),
    source: entered.source,
    serviceCategory: entered.serviceCategory,
    ...(budgetMinor !== null ? { budgetMinor } : {}),
    ...given('notes'),
  } as LeadFormInput;
  return { lead, entered, problems };
}

/** The API names the budget by its minor units; the form's field is `budget`. */
export const leadFieldErrors = (errors: FieldErrors): FieldErrors =>
  Object.fromEntries(Object.entries(errors).map(([path, message]) => [path === 'budgetMinor' ? 'budget' : path, message]));
