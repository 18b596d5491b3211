/** One organisation's daily digest run. */
export interface InboxDigestInput {
  orgId: string;
  /**
   * The instant the run stands for (ISO). Absent when the schedule starts it: then the time the
   * schedule meant to start it, so a run that starts late still covers the day it was meant for.
   */
  at?: string;
}

export interface InboxDigestOutcome {
  /** People of the organisation who take the digest. */
  readers: number;
  /** Digests queued by this run: none for a repeated run of the same day. */
  sent: number;
}

/** The schedule's and its runs' id: one per organisation. */
export const inboxDigestId = (orgId: string): string => `inbox-digest-${orgId}`;
