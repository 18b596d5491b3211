import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventually, type Platform, type SignedIn } from './harness.ts';

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
