import { z } from 'zod';
import { isCalendarDate } from '../../domain/calendar.ts';
import { leadSources, serviceCategories } from '../../domain/leads.ts';

export const calendarDate = z.string().refine(isCalendarDate, 'must be a date as YYYY-MM-DD');
export const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `at most ${max} characters`)
    .optional()
    .transform((v) => v || null);

const leadFields = {
  leadId: z.uuid().optional(),
  contactName: z.string().trim().min(1, 'give the contact’s name').max(200),
  email: z.email('must be an e-mail address').max(320).optional(),
  phone: z
    .string()
    .trim()
    .regex(/^\+?[\d\s().-]{5,30}$/, 'must be a phone number')
    .optional(),
  company: optionalText(200),
  serviceCategory: z.enum(serviceCategories, `must be one of ${serviceCategories.join(', ')}`),
  budgetMinor: z.number().int().min(0).max(100_000_000_000).optional(),
  notes: optionalText(5000),
};

const reachable = <T extends { email?: string; phone?: string }>(lead: T) => Boolean(lead.email || lead.phone);
const reachableMessage = { message: 'give an e-mail address or a phone number', path: ['email'] };

export const leadSchema = z
  .strictObject({ ...leadFields, source: z.enum(leadSources, `must be one of ${leadSources.join(', ')}`) })
  .refine(reachable, reachableMessage);
export type LeadForm = z.infer<typeof leadSchema>;

/**
 * The public web form (no sign-in). `website` is a field people never see: a bot that fills it is
 * answered as if it worked, and nothing is saved. `startedAt` is when the form was shown: a
 * submission within two seconds of it is a bot's, treated the same way.
 */
export const publicLeadSchema = z
  .strictObject({
    ...leadFields,
    orgId: z.uuid('must be the organisation’s id'),
    website: z.string().max(500).optional(),
    startedAt: z.number().int().optional(),
  })
  .refine(reachable, reachableMessage);
export type PublicLeadForm = z.infer<typeof publicLeadSchema>;

export const quoteLineSchema = z.strictObject({
  description: z.string().trim().min(1, 'describe the line').max(500),
  quantityHundredths: z.number().int().min(1).max(100_000_000),
  unitPriceMinor: z.number().int().min(0).max(100_000_000_000),
  discountBasisPoints: z.number().int().min(0).max(10_000).default(0),
  taxBasisPoints: z.number().int().min(0).max(10_000).default(0),
});
export const quoteSchema = z.strictObject({ lines: z.array(quoteLineSchema).min(1, 'a quote needs at least one line').max(200) });

export const quoteAnswerSchema = z.strictObject({
  accepted: z.boolean(),
  reason: optionalText(2000),
});

const planItemSchema = z.strictObject({
  key: z.string().regex(/^[a-z0-9][a-z0-9-]{0,39}$/, 'a key is 1 to 40 lower-case letters, digits or dashes'),
  title: z.string().trim().min(1).max(300),
  parentKey: z.string().max(40).nullable().optional(),
  assigneeId: z.uuid('must be a person’s id'),
  estimateMinutes: z.number().int().min(1).max(100_000),
  dueOn: calendarDate.nullable().optional(),
  priority: z.enum(['low', 'normal', 'high', 'urgent']).default('normal'),
  dependsOn: z.array(z.string().max(40)).max(50).default([]),
});
export const workPlanSchema = z.strictObject({ items: z.array(planItemSchema).min(1).max(500) });

export const timeEntrySchema = z.strictObject({
  entryId: z.uuid(),
  minutes: z.number().int().min(1).max(1440),
  loggedOn: calendarDate,
  note: optionalText(1000),
});

export const manageSchema = z.strictObject({ reason: optionalText(1000) });

export const deliveryAnswerSchema = z
  .strictObject({ accepted: z.boolean(), changes: optionalText(5000) })
  .refine((a) => a.accepted || a.changes, { message: 'say what should change', path: ['changes'] });

export const pipelineQuery = z.strictObject({
  stage: z.string().max(40).optional(),
  status: z.enum(['open', 'on_hold', 'lost', 'cancelled', 'delivered']).optional(),
  serviceCategory: z.enum(serviceCategories).optional(),
  ownerId: z.uuid().optional(),
  departmentId: z.uuid().optional(),
});

export const engagementIdParam = z.object({ id: z.uuid('must be an engagement id') });
export const quoteVersionParam = engagementIdParam.extend({
  version: z.coerce.number('must be a quote version').int('must be a quote version').min(1).max(100_000),
});

export const feedbackSchema = z.strictObject({
  rating: z
    .number('must be a number from 1 to 5')
    .int('must be a whole number from 1 to 5')
    .min(1, 'must be 1 to 5')
    .max(5, 'must be 1 to 5'),
  comment: optionalText(2000),
});

export const organizationIdParam = z.object({ id: z.uuid('must be an organisation id') });
