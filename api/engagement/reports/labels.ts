import type { LeadSource } from '../../../domain/leads.ts';
import { engagementStages, type EngagementStage } from '../../../workflows/engagement/messages.ts';

/** The stages a report lists, in the order an engagement goes through them ("closed" is no stay). */
export const reportedStages = engagementStages.filter((s) => s !== 'closed');

export const stageLabels: Record<EngagementStage, string> = {
  qualification: 'Qualification',
  'follow-up': 'Follow-up',
  quote: 'Quote',
  'quote-approval': 'Quote approval',
  'client-answer': 'Client’s answer',
  onboarding: 'Onboarding',
  validation: 'Validation',
  approvals: 'Department approvals',
  breakdown: 'Work breakdown',
  execution: 'Execution',
  qa: 'QA',
  delivery: 'Delivery',
  closed: 'Closed',
};

export const sourceLabels: Record<LeadSource, string> = {
  referral: 'Referral',
  web_form: 'Web form',
  api: 'API',
  event: 'Event',
  outbound: 'Outbound',
  other: 'Other',
};

/** Rows in the stages' order; a stage the workflow no longer has goes last, under its own name. */
export function inStageOrder<Row extends { stage: string }>(rows: Row[]): Row[] {
  const rank = (stage: string) => {
    const at = (engagementStages as readonly string[]).indexOf(stage);
    return at < 0 ? engagementStages.length : at;
  };
  return [...rows].sort((a, b) => rank(a.stage) - rank(b.stage) || a.stage.localeCompare(b.stage));
}

export const stageLabel = (stage: string) => stageLabels[stage as EngagementStage] ?? stage;
