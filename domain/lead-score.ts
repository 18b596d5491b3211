// A lead's score from the organisation's rules: pure, so the API scores at capture and a test can
// check a rule set without a database.

import type { LeadSource, ServiceCategory } from './leads.ts';

/** One rule: when the lead matches, `points` are added (negative points subtract). */
export type ScoreRule =
  | { when: 'source'; equals: LeadSource; points: number }
  | { when: 'serviceCategory'; equals: ServiceCategory; points: number }
  | { when: 'budgetAtLeast'; minor: number; points: number }
  | { when: 'hasCompany'; points: number }
  | { when: 'hasPhone'; points: number };

export interface ScoredLead {
  source: LeadSource;
  serviceCategory: ServiceCategory;
  budgetMinor: number | null;
  company: string | null;
  phone: string | null;
}

function matches(rule: ScoreRule, lead: ScoredLead): boolean {
  switch (rule.when) {
    case 'source':
      return lead.source === rule.equals;
    case 'serviceCategory':
      return lead.serviceCategory === rule.equals;
    case 'budgetAtLeast':
      return lead.budgetMinor !== null && lead.budgetMinor >= rule.minor;
    case 'hasCompany':
      return Boolean(lead.company);
    case 'hasPhone':
      return Boolean(lead.phone);
  }
}

/** The sum of the matching rules' points, kept between 0 and 100. */
export function leadScore(rules: ScoreRule[], lead: ScoredLead): number {
  const total = rules.reduce((sum, rule) => sum + (matches(rule, lead) ? rule.points : 0), 0);
  return Math.max(0, Math.min(100, total));
}
