import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { engagementStages } from '../workflows/engagement/messages.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { acceptQuoteByLink, engagementSteps, onboardForDelivery } from './engagement-steps.ts';
import { eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// What the engagement's staff pages read from the API: who holds an engagement now, the pipeline's
// stages and choices, the lead form's currency, the people a work item may go to, an assignee's own work.

let platform: Platform;
let agent: SignedIn, closer: SignedIn, lead: SignedIn, employee: SignedIn, colleague: SignedIn;
let supportAgent: SignedIn, supportManager: SignedIn, deliveryManager: SignedIn;
let steps: ReturnType<typeof engagementSteps>;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  agent = await signIn(platform, 'agent');
  closer = await signIn(platform, 'closer');
  lead = await signIn(platform, 'lead');
  employee = await signIn(platform, 'employee');
  colleague = await signIn(platform, 'colleague');
  supportAgent = await signIn(platform, 'support-agent');
  supportManager = await signIn(platform, 'support-manager');
  deliveryManager = await signIn(platform, 'manager');
  steps = engagementSteps(platform, agent);
});
afterAll(() => platform?.stop());

const contactEmail = () => `pages-${randomUUID().slice(0, 8)}@example.test`;

async function captureLead(email: string) {
  const captured = await agent.post('/leads', {
    contactName: 'Pia Pages',
    email,
    company: 'Pages Co',
    source: 'referral',
    serviceCategory: 'seo',
  });
  expect(captured.status, JSON.stringify(captured.body)).toBe(201);
  return captured.body.engagement.id as string;
}

const detailOf = async (id: string) => (await agent.get(`/engagements/${id}`)).body;

describe('who holds an engagement now', () => {
  it('lists its open tasks: the queue it waits in with its due time, then the person who claimed it, then none once decided', async () => {
    await platform.withWorker(async () => {
      const id = await captureLead(contactEmail());
      const waiting = await eventually(async () => {
        const { engagement } = await detailOf(id);
        return engagement.openTasks.length > 0 && engagement.openTasks;
      });
      expect(waiting).toEqual([
        {
          id: expect.any(String),
          kind: 'engagement-qualification',
          title: 'Qualify the lead: Pages Co',
          holderName: null,
          queueLabel: 'Sales closers',
          dueAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/),
        },
      ]);
      const task = await steps.taskOf(closer, id, 'engagement-qualification');
      expect((await closer.post(`/tasks/${task.id}/claim`, {})).status).toBe(200);
      expect((await detailOf(id)).engagement.openTasks).toMatchObject([{ id: task.id, holderName: 'Sam Closer' }]);
      await steps.decide(closer, id, 'engagement-qualification', { decision: 'disqualify', reason: 'Out of area' });
      const closed = await eventually(async () => {
        const body = await detailOf(id);
        return body.engagement.status === 'lost' && body;
      });
      expect(closed.engagement.openTasks).toEqual([]);
      // The timeline's entries carry the case type's words for its own kinds, none for the kit's.
      expect(closed.timeline).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ kind: 'captured', label: 'Lead captured' }),
          expect.objectContaining({ kind: 'status.lost', label: 'Lost' }),
          expect.objectContaining({ kind: 'claimed', label: null }),
        ]),
      );
    });
  });
});

describe('the pipeline, the lead form and the work plan’s people', () => {
  it('answers every stage in order with its count, the currency, the filters’ choices and the owner’s name', async () => {
    await platform.withWorker(async () => {
      const id = await captureLead(contactEmail());
      const { status, body } = await lead.get('/engagements?serviceCategory=seo&status=open');
      expect(status).toBe(200);
      expect(body.stages.map((s: { stage: string }) => s.stage)).toEqual([...engagementStages]);
      expect(body.stages[0]).toEqual({ stage: 'qualification', label: 'Qualification', count: expect.any(Number), valueMinor: 0 });
      expect(body.stages.at(-1)).toMatchObject({ stage: 'closed', label: 'Closed', count: 0 });
      expect(body.currency).toBe('EUR');
      expect(body.engagements.find((e: { id: string }) => e.id === id)).toMatchObject({
        clientName: 'Pages Co',
        ownerName: 'Alex Agent',
        stageLabel: 'Qualification',
      });
      expect(body.choices.owners).toEqual([{ id: platform.org.people.agent.id, name: 'Alex Agent' }]);
      expect(body.choices.departments.map((d: { name: string }) => d.name)).toContain('Delivery');
      // The choices do not narrow with the filters: another owner's filter still offers the agent.
      const other = await lead.get(`/engagements?ownerId=${platform.org.people.closer.id}`);
      expect(other.body).toMatchObject({ engagements: [], choices: { owners: [{ name: 'Alex Agent' }] } });
    });
  });

  it('gives the lead form the organisation’s currency, to those who capture leads', async () => {
    expect(await agent.get('/leads/form')).toMatchObject({ status: 200, body: { currency: 'EUR' } });
    expect((await employee.get('/leads/form')).status).toBe(403);
  });

  it('lists the people a work item may go to for a planner, names and departments only, whoever the planner may otherwise see', async () => {
    await platform.withWorker(async () => {
      const id = await captureLead(contactEmail());
      const { status, body } = await lead.get(`/engagements/${id}/assignable-people`);
      expect(status).toBe(200);
      const names = body.people.map((p: { name: string }) => p.name);
      // A team lead sees only their reports as people; the sales agent is not one, and may still do work.
      expect(names).toEqual(expect.arrayContaining(['Eve Employee', 'Carl Colleague', 'Alex Agent']));
      // A client's contact does no work.
      expect(names).not.toContain('Cleo Client');
      expect(body.people.find((p: { name: string }) => p.name === 'Eve Employee')).toEqual({
        id: platform.org.people.employee.id,
        name: 'Eve Employee',
        departmentName: 'Delivery',
      });
      expect((await agent.get(`/engagements/${id}/assignable-people`)).status).toBe(403);
      expect((await lead.get(`/engagements/${randomUUID()}/assignable-people`)).status).toBe(404);
    });
  });
});

describe('an assignee’s own work', () => {
  it('shows someone who may not see engagements the items given to them, and nothing to anyone without one', async () => {
    await platform.withWorker(async () => {
      const email = contactEmail();
      const id = await captureLead(email);
      expect((await employee.get(`/engagements/${id}/my-work`)).status).toBe(404);
      await steps.decide(closer, id, 'engagement-qualification', { decision: 'qualify' });
      await steps.atStage(id, 'quote');
      const line = { description: 'Audit', quantityHundredths: 100, unitPriceMinor: 50_000, taxBasisPoints: 1900 };
      expect((await agent.post(`/engagements/${id}/quote`, { lines: [line] })).status).toBe(201);
      await acceptQuoteByLink(platform, email);
      await onboardForDelivery(platform, id, { supportAgent, supportManager, deliveryManager });
      const item = (key: string, assigneeId: string, dependsOn: string[] = []) => ({
        key,
        title: `Do ${key}`,
        assigneeId,
        estimateMinutes: 60,
        dependsOn,
      });
      const planned = await lead.post(`/engagements/${id}/work-plan`, {
        items: [item('audit', platform.org.people.employee.id), item('report', platform.org.people.colleague.id, ['audit'])],
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);

      expect((await employee.get(`/engagements/${id}`)).status).toBe(403);
      const mine = await employee.get(`/engagements/${id}/my-work`);
      expect(mine.status).toBe(200);
      expect(mine.body).toEqual({
        engagement: { id, title: 'SEO for Pages Co', stage: 'execution', stageLabel: 'Execution', status: 'open' },
        workItems: [expect.objectContaining({ key: 'audit', assigneeName: 'Eve Employee', estimateMinutes: 60 })],
      });
      expect((await colleague.get(`/engagements/${id}/my-work`)).body.workItems.map((i: { key: string }) => i.key)).toEqual(['report']);
      // Work items' tasks are filed under the engagement: its holders include the assignee.
      const holders = await eventually(async () => {
        const { engagement } = await detailOf(id);
        return engagement.openTasks.some((t: { holderName: string }) => t.holderName === 'Eve Employee') && engagement.openTasks;
      });
      expect(holders).toEqual([expect.objectContaining({ title: 'Work on: Do audit', holderName: 'Eve Employee', queueLabel: null })]);
      expect((await agent.get(`/engagements/${id}/my-work`)).status).toBe(404);

      // Her task shows the engagement's name and stage and her own item: not the lead's e-mail or
      // phone, the quote or a colleague's item, which she may not see on the engagement's page either.
      const task = await steps.taskOf(employee, id, 'engagement-work');
      const opened = await employee.get(`/tasks/${task.id}`);
      expect(opened.status).toBe(200);
      expect(opened.body.panel).toEqual({
        engagement: null,
        yourWork: { engagement: mine.body.engagement, workItems: [expect.objectContaining({ key: 'audit' })] },
      });
      expect(JSON.stringify(opened.body.panel)).not.toContain(email);
      // (Whoever follows engagements sees the whole summary there: tests/engagement-browser.test.ts, the closer.)
    });
  }, 120_000);
});
