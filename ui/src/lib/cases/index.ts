// The UI's case registry: what a task page shows of its case. Adding a process adds its panel in
// `$lib/cases/<process>/panel.svelte` and one line below (docs/processes.md).
import type { Component } from 'svelte';
import LeavePanel from './leave/panel.svelte';

/** A process's panel: it gets the API's `panel` as it came, and narrows it itself. */
export type CasePanel = Component<{ panel: unknown }>;

const casePanels: Record<string, CasePanel> = {
  leave: LeavePanel,
};

export const casePanelFor = (caseType: string): CasePanel | undefined => casePanels[caseType];
