import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import { eventually, signIn, type Platform, type SignedIn } from './harness.ts';

// An engagement driven through the API by the staff who work on it (as tests/engagement.test.ts
// does), for the tests of what the client sees: the quote link, the portal, the feedback.

interface InboxTask {
  id: string;
  kind: string;
  caseId: string;
}

/** Under the demo approval limit: the quote goes to the client without a sales manager. */
export const smallQuote = {
  lines: [
    { description: 'Website design', quantityHundredths: 1000, unitPriceMinor: 12_000, taxBasisPoints: 1900 },
    { description: 'Build', quantityHundredths: 2000, unitPriceMinor: 11_000, discountBasisPoints: 1000, taxBasisPoints: 1900 },
  ],
};
/** 10 × 120.00 + 19 % = 1,428.00; 20 × 110.00 − 10 % = 1,980.00 + 19 % = 2,356.20. */
export const smallQuoteTotal = { minor: 378_420, text: '3,784.20 EUR' };

export function engagementJourney(platform: Platform) {
  const as = (person: string): Promise<SignedIn> => signIn(platform, person);

  /** The open task of this kind on this engagement, once it reaches the person's inbox. */
  const taskOf = async (person: string, engagementId: string, kind: string) => {
    const who = await as(person);
    return eventually(async () => {
      const { body } = await who.get('/tasks?status=open');
      return (body.tasks as InboxTask[]).find((t) => t.caseId === engagementId && t.kind === kind);
    });
  };

  async function decide(person: string, engagementId: string, kind: string, values: Record<string, unknown>) {
    const task = await taskOf(person, engagementId, kind);
    const answer = await (await as(person)).post(`/tasks/${task.id}/complete`, { values });
    expect(answer.status, JSON.stringify(answer.body)).toBe(200);
  }

  const engagementOf = async (id: string) => (await (await as('agent')).get(`/engagements/${id}`)).body;

  const atStage = (id: string, stage: string) => eventually(async () => (await engagementOf(id)).engagement?.stage === stage, 30_000);

  let items = 0;
  /** One work item for Eve, done, reviewed and passed by QA: the engagement waits for the client's acceptance. */
  async function workDone(id: string) {
    const key = `item-${++items}`;
    const plan = { items: [{ key, title: `Work ${items}`, assigneeId: platform.org.people.employee.id, estimateMinutes: 60 }] };
    await taskOf('lead', id, 'engagement-breakdown');
    const planned = await (await as('lead')).post(`/engagements/${id}/work-plan`, plan);
    expect(planned.status, JSON.stringify(planned.body)).toBe(201);
    await decide('employee', id, 'engagement-work', {});
    await decide('lead', id, 'engagement-review', { decision: 'approve' });
    await decide('qa', id, 'engagement-qa', { decision: 'pass' });
    await atStage(id, 'delivery');
  }

  return {
    taskOf,
    atStage,
    engagementOf,

    /**
     * A lead for the demo client's e-mail address, qualified and quoted: the engagement waits for
     * the client's answer. `contactName` tells this engagement's e-mails from the others'.
     */
    async quoted(over: Record<string, unknown> = {}): Promise<{ id: string; contactName: string; quoteLink: string }> {
      const contactName = `Cleo ${randomUUID().slice(0, 6)}`;
      const captured = await (
        await as('agent')
      ).post('/leads', {
        contactName,
        email: platform.org.people.client.email,
        company: `Client Co ${randomUUID().slice(0, 4)}`,
        source: 'referral',
        serviceCategory: 'web',
        ...over,
      });
      expect(captured.status, JSON.stringify(captured.body)).toBe(201);
      const { id } = captured.body.engagement as { id: string };
      await decide('closer', id, 'engagement-qualification', { decision: 'qualify' });
      await taskOf('agent', id, 'engagement-quote');
      const quoted = await (await as('agent')).post(`/engagements/${id}/quote`, smallQuote);
      expect(quoted.body, JSON.stringify(quoted.body)).toMatchObject({
        quote: { totalMinor: smallQuoteTotal.minor, needsApproval: false },
      });
      const mail = await platform.mail.waitFor((m) => m.subject === 'Your quote' && m.text.includes(`Hello ${contactName},`));
      const quoteLink = /\S+\/quote\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0];
      await atStage(id, 'client-answer');
      return { id, contactName, quoteLink };
    },

    /** From an accepted quote: onboarded, validated, approved by Delivery, planned, done and checked. */
    async delivered(id: string) {
      await atStage(id, 'onboarding');
      const [delivery] = await platform.database.sql<{ id: string }[]>`
        select id from departments where org_id = ${platform.org.orgId} and name = 'Delivery'`;
      await decide('support-agent', id, 'engagement-onboarding', { requirements: 'Five pages', departments: [delivery!.id] });
      await decide('support-manager', id, 'engagement-validation', { decision: 'validate' });
      await decide('manager', id, 'engagement-department-approval', { decision: 'approve' });
      await workDone(id);
    },

    /** After the client sent it back with changes: the change is planned, done and checked. */
    redelivered: workDone,
  };
}
