// The UI's case registry: what a task page shows of its case. Adding a process adds its panel in
// `$lib/cases/<process>/panel.svelte` and one line below (docs/processes.md).
import type { Component } from 'svelte';
import EngagementPanel from './engagement/panel.svelte';
import LeavePanel from './leave/panel.svelte';

/** A process's panel: it gets the API's `panel` as it came, and narrows it itself. */
export type CasePanel = Component<{ panel: unknown }>;

interface CaseUi {
  panel: CasePanel;
  /**
   * The case's own page, where a step whose form says `elsewhere` is done (a quote's lines, say):
   * the task page links there instead of offering a decision form.
   */
  page?: (caseId: string) => { href: string; label: string };
}

const cases: Record<string, CaseUi> = {
  leave: { panel: LeavePanel },
  engagement: {
    panel: EngagementPanel,
    page: (id) => ({ href: `/engagements/${encodeURIComponent(id)}`, label: 'Open the engagement to do this' }),
  },
};

export const casePanelFor = (caseType: string): CasePanel | undefined => cases[caseType]?.panel;

export const casePageFor = (caseType: string, caseId: string) => cases[caseType]?.page?.(caseId);
