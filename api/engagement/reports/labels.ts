import { engagementStages } from '../../../workflows/engagement/messages.ts';

/** The stages a report lists, in the order an engagement goes through them ("closed" is no stay). */
export const reportedStages = engagementStages.filter((s) => s !== 'closed');

// The stages' and sources' names are the engagement's own, the same on its pages and in its reports.
export { stageLabel, stageLabels } from '../stages.ts';
export { leadSourceLabels as sourceLabels } from '../../../domain/leads.ts';

/** Rows in the stages' order; a stage the workflow no longer has goes last, under its own name. */
export function inStageOrder<Row extends { stage: string }>(rows: Row[]): Row[] {
  const rank = (stage: string) => {
    const at = (engagementStages as readonly string[]).indexOf(stage);
    return at < 0 ? engagementStages.length : at;
  };
  return [...rows].sort((a, b) => rank(a.stage) - rank(b.stage) || a.stage.localeCompare(b.stage));
}
