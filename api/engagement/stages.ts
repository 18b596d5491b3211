import { engagementStages, type EngagementStage } from '../../workflows/engagement/messages.ts';

/** How people name each stage of an engagement, in the workflow's order. */
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

export const stageLabel = (stage: string): string => stageLabels[stage as EngagementStage] ?? stage;

/** Every stage in the workflow's order (closed last), with the figures found for it or zero. */
export function stagesInOrder(found: { stage: string; count: number; valueMinor: number }[]) {
  return engagementStages.map((stage) => {
    const figures = found.find((f) => f.stage === stage);
    return { stage, label: stageLabels[stage], count: figures?.count ?? 0, valueMinor: figures?.valueMinor ?? 0 };
  });
}
