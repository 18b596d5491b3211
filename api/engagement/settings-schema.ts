import { z } from 'zod';
import { leadSources, serviceCategories } from '../../domain/leads.ts';
import { engagementStages } from '../../workflows/engagement/messages.ts';

const points = z.number().int().min(-100).max(100);

const scoreRule = z.discriminatedUnion('when', [
  z.strictObject({ when: z.literal('source'), equals: z.enum(leadSources), points }),
  z.strictObject({ when: z.literal('serviceCategory'), equals: z.enum(serviceCategories), points }),
  z.strictObject({ when: z.literal('budgetAtLeast'), minor: z.number().int().min(0), points }),
  z.strictObject({ when: z.literal('hasCompany'), points }),
  z.strictObject({ when: z.literal('hasPhone'), points }),
]);

export const settingsSchema = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/, 'must be a three-letter currency code'),
  scoreRules: z.array(scoreRule).max(50),
  quoteApprovalAboveMinor: z.number().int().min(0).max(100_000_000_000),
  quoteValidDays: z.number().int().min(1).max(365),
  followUpAfterDays: z.number().int().min(1).max(730),
  stageSlaHours: z.partialRecord(
    z.enum(engagementStages),
    z
      .number()
      .int()
      .min(0)
      .max(24 * 90),
  ),
});
