import type { LadderRung } from '../human-task/state.ts';

const hourMs = 3_600_000;

/** A stage's SLA as a task's due time and ladder: a reminder when due, an escalation as long again after. */
export function slaTimes(hours: number | undefined): { dueInMs?: number; ladder: LadderRung[] } {
  if (!hours || hours <= 0) return { ladder: [] };
  const dueInMs = hours * hourMs;
  return {
    dueInMs,
    ladder: [
      { afterDueMs: 0, action: 'remind' },
      { afterDueMs: dueInMs, action: 'escalate' },
    ],
  };
}
