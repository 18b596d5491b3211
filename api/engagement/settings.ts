import { eq } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import { engagementSettings } from '../../db/schema/index.ts';
import type { ScoreRule } from '../../domain/lead-score.ts';
import type { EngagementPolicy } from '../../workflows/engagement/messages.ts';

/** What an organisation that has set nothing gets: sensible for a small services company. */
export const defaultEngagementSettings = {
  currency: 'EUR',
  scoreRules: [
    { when: 'source', equals: 'referral', points: 30 },
    { when: 'budgetAtLeast', minor: 500_000, points: 30 },
    { when: 'budgetAtLeast', minor: 100_000, points: 15 },
    { when: 'hasCompany', points: 15 },
    { when: 'hasPhone', points: 10 },
  ] satisfies ScoreRule[] as ScoreRule[],
  quoteApprovalAboveMinor: 1_000_000,
  quoteValidDays: 30,
  followUpAfterDays: 90,
  stageSlaHours: {
    qualification: 24,
    quote: 48,
    'quote-approval': 24,
    onboarding: 72,
    validation: 24,
    approvals: 48,
    breakdown: 48,
    qa: 48,
  },
};

export type EngagementSettings = typeof defaultEngagementSettings;

export async function engagementSettingsOf(db: DbOrTx, orgId: string): Promise<EngagementSettings> {
  const [row] = await db.select().from(engagementSettings).where(eq(engagementSettings.orgId, orgId));
  return row
    ? {
        currency: row.currency,
        scoreRules: row.scoreRules,
        quoteApprovalAboveMinor: row.quoteApprovalAboveMinor,
        quoteValidDays: row.quoteValidDays,
        followUpAfterDays: row.followUpAfterDays,
        stageSlaHours: row.stageSlaHours as EngagementSettings['stageSlaHours'],
      }
    : defaultEngagementSettings;
}

export const policyOf = (s: EngagementSettings): EngagementPolicy => ({
  quoteApprovalAboveMinor: s.quoteApprovalAboveMinor,
  quoteValidDays: s.quoteValidDays,
  followUpAfterDays: s.followUpAfterDays,
  slaHours: s.stageSlaHours,
});
