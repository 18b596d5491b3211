import { expect } from 'vitest';
import { caller, eventually, type Platform, type SignedIn } from './harness.ts';

// An engagement's steps through the API, for tests that drive it to the stage they are about.

export interface InboxTask {
  id: string;
  kind: string;
  caseId: string;
  title: string;
  note: string | null;
}

/** The open task of this kind on this engagement, once it reaches the person's inbox. */
export const taskOf = (who: SignedIn, engagementId: string, kind: string) =>
  eventually(async () => {
    const { body } = await who.get('/tasks?status=open');
    return (body.tasks as InboxTask[]).find((t) => t.caseId === engagementId && t.kind === kind);
  });

export async function decide(who: SignedIn, engagementId: string, kind: string, values: Record<string, unknown>): Promise<InboxTask> {
  const task = await taskOf(who, engagementId, kind);
  const answer = await who.post(`/tasks/${task.id}/complete`, { values });
  expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  return task;
}

/** Waits until the engagement, as `who` reads it, is in the stage. */
export const atStage = (who: SignedIn, engagementId: string, stage: string) =>
  eventually(async () => {
    const { body } = await who.get(`/engagements/${engagementId}`);
    return body.engagement?.stage === stage && body;
  });

/** The client accepts the quote through the link e-mailed to them. */
export async function acceptQuoteByLink(platform: Platform, contactEmail: string) {
  const mail = await platform.mail.waitFor((m) => m.to.includes(contactEmail) && m.subject === 'Your quote');
  const token = /\/quote\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
  expect((await caller(platform, null).post(`/public/quotes/${token}/answer`, { accepted: true })).status).toBe(200);
}

/** From an accepted quote to the work breakdown: onboarded for the Delivery department, validated, approved. */
export async function onboardForDelivery(
  platform: Platform,
  engagementId: string,
  people: { supportAgent: SignedIn; supportManager: SignedIn; deliveryManager: SignedIn },
) {
  const [delivery] = await platform.database.sql<{ id: string }[]>`
    select id from departments where org_id = ${platform.org.orgId} and name = 'Delivery'`;
  await decide(people.supportAgent, engagementId, 'engagement-onboarding', { requirements: 'Five pages', departments: [delivery!.id] });
  await decide(people.supportManager, engagementId, 'engagement-validation', { decision: 'validate' });
  await decide(people.deliveryManager, engagementId, 'engagement-department-approval', { decision: 'approve' });
  await atStage(people.supportAgent, engagementId, 'breakdown');
}
