import { randomUUID } from 'node:crypto';
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

/** Steps that drive an engagement through the API as its people would, for the engagement's tests. */
export function engagementSteps(platform: Platform, reader: SignedIn) {
  /** The open task of this kind on this engagement, once it reaches the person's inbox. */
  const taskOf = (who: SignedIn, engagementId: string, kind: string) =>
    eventually(async () => {
      const { body } = await who.get('/tasks?status=open');
      return (body.tasks as InboxTask[]).find((t) => t.caseId === engagementId && t.kind === kind);
    });

  const engagementOf = async (id: string) => (await reader.get(`/engagements/${id}`)).body;

  return {
    taskOf,
    engagementOf,
    async decide(who: SignedIn, engagementId: string, kind: string, values: Record<string, unknown>): Promise<InboxTask> {
      const task = await taskOf(who, engagementId, kind);
      const answer = await who.post(`/tasks/${task.id}/complete`, { values });
      expect(answer.status, JSON.stringify(answer.body)).toBe(200);
      return task;
    },
    atStage: (id: string, stage: string) =>
      eventually(async () => (await engagementOf(id)).engagement?.stage === stage && engagementOf(id)),
    hasNoOpenTask: (who: SignedIn, engagementId: string) =>
      eventually(async () => !(await who.get('/tasks?status=open')).body.tasks.some((t: InboxTask) => t.caseId === engagementId)),
    departmentId: (name: string) =>
      platform.database.sql<{ id: string }[]>`select id from departments where org_id = ${platform.org.orgId} and name = ${name}`.then(
        (r) => r[0]!.id,
      ),
    /** A lead captured by `agent`, for the demo client's e-mail (so its portal sees it) unless told otherwise. */
    async captureLead(agent: SignedIn, over: Record<string, unknown> = {}) {
      const captured = await agent.post('/leads', {
        contactName: 'Cleo Client',
        email: platform.org.people.client.email,
        phone: '+49 30 5550 1234',
        company: `Client Co ${randomUUID().slice(0, 4)}`,
        source: 'referral',
        serviceCategory: 'web',
        budgetMinor: 2_500_000,
        ...over,
      });
      expect(captured.status, JSON.stringify(captured.body)).toBe(201);
      return captured.body.engagement as { id: string; stage: string; lead: { score: number; possibleDuplicateOfId: string | null } };
    },
    /** The token of the quote link last e-mailed to the demo client. */
    async quoteLinkToken(): Promise<string> {
      const mail = await platform.mail.waitFor((m) => m.to.includes(platform.org.people.client.email) && m.subject === 'Your quote');
      return /\/quote\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
    },
  };
}

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
  const steps = engagementSteps(platform, people.supportAgent);
  const delivery = await steps.departmentId('Delivery');
  await steps.decide(people.supportAgent, engagementId, 'engagement-onboarding', { requirements: 'Five pages', departments: [delivery] });
  await steps.decide(people.supportManager, engagementId, 'engagement-validation', { decision: 'validate' });
  await steps.decide(people.deliveryManager, engagementId, 'engagement-department-approval', { decision: 'approve' });
  await steps.atStage(engagementId, 'breakdown');
}
