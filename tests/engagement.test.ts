import { randomUUID } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEngagementSettings } from '../api/engagement/settings.ts';
import { leadScore } from '../domain/lead-score.ts';
import { engagementWorkflowId, workItemWorkflowId } from '../workflows/engagement/messages.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { recordHistory } from './recorded-histories.ts';
import { decide, taskOf, type InboxTask } from './engagement-steps.ts';
import { caller, eventually, signIn, startPlatform, type Platform, type SignedIn } from './harness.ts';

// Whole engagements, lead to delivery, through the real API, worker, PostgreSQL, Temporal and SMTP sink.

// `RECORD_HISTORIES=1` records these processes' histories for the replay test beside the workflow.
const historiesDir = fileURLToPath(new URL('../workflows/engagement/histories/', import.meta.url));
const record = (name: string, engagementId: string, workflowId = engagementWorkflowId(engagementId)) =>
  recordHistory(historiesDir, name, workflowId);

let platform: Platform;
let agent: SignedIn, closer: SignedIn, salesManager: SignedIn, supportAgent: SignedIn, supportManager: SignedIn;
let deliveryManager: SignedIn, lead: SignedIn, employee: SignedIn, colleague: SignedIn, qa: SignedIn, client: SignedIn;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  agent = await signIn(platform, 'agent');
  closer = await signIn(platform, 'closer');
  salesManager = await signIn(platform, 'sales-manager');
  supportAgent = await signIn(platform, 'support-agent');
  supportManager = await signIn(platform, 'support-manager');
  deliveryManager = await signIn(platform, 'manager');
  lead = await signIn(platform, 'lead');
  employee = await signIn(platform, 'employee');
  colleague = await signIn(platform, 'colleague');
  qa = await signIn(platform, 'qa');
  client = await signIn(platform, 'client');
});
afterAll(() => platform?.stop());

const engagementOf = async (id: string) => (await agent.get(`/engagements/${id}`)).body;
const atStage = (id: string, stage: string) =>
  eventually(async () => (await engagementOf(id)).engagement?.stage === stage && engagementOf(id));

const departmentId = (name: string) =>
  platform.database.sql<{ id: string }[]>`select id from departments where org_id = ${platform.org.orgId} and name = ${name}`.then(
    (r) => r[0]!.id,
  );

async function captureLead(over: Record<string, unknown> = {}) {
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
}

const bigQuote = {
  lines: [
    { description: 'Website design', quantityHundredths: 4000, unitPriceMinor: 12_000, taxBasisPoints: 1900 },
    { description: 'Build', quantityHundredths: 8000, unitPriceMinor: 11_000, discountBasisPoints: 1000, taxBasisPoints: 1900 },
  ],
};

describe('an engagement from lead to delivery', () => {
  it('runs every stage: approval above the limit, the client’s link, a send-back, a rejected department, a cycle refused, a dependency, a QA return, a change request', async () => {
    await platform.withWorker(async () => {
      const engagement = await captureLead();
      const score = leadScore(defaultEngagementSettings.scoreRules, {
        source: 'referral',
        serviceCategory: 'web',
        budgetMinor: 2_500_000,
        company: 'Client Co',
        phone: '+493055501234',
      });
      expect(engagement).toMatchObject({ stage: 'qualification', lead: { score, possibleDuplicateOfId: null } });
      const id = engagement.id;
      // The same lead again is flagged as a possible duplicate, never merged.
      const again = await captureLead({ company: 'Other Co' });
      expect(again.lead.possibleDuplicateOfId).not.toBeNull();

      await decide(closer, id, 'engagement-qualification', { decision: 'qualify' });
      await atStage(id, 'quote');
      // The generic complete cannot stand in for the quote's lines.
      const prepare = await taskOf(agent, id, 'engagement-quote');
      expect((await agent.post(`/tasks/${prepare.id}/complete`, { values: {} })).status).toBe(409);
      const bad = await agent.post(`/engagements/${id}/quote`, { lines: [{ description: 'x', quantityHundredths: 0, unitPriceMinor: 1 }] });
      expect(bad).toMatchObject({ status: 400 });
      const quoted = await agent.post(`/engagements/${id}/quote`, bigQuote);
      expect(quoted.status, JSON.stringify(quoted.body)).toBe(201);
      // 40 × 120.00 = 4,800.00 + 19 % = 5,712.00; 80 × 110.00 = 8,800.00 − 10 % = 7,920.00 + 19 % = 9,424.80
      expect(quoted.body.quote).toEqual({ version: 1, totalMinor: 1_513_680, needsApproval: true });

      // Above the limit: a sales manager approves; the one who prepared it may not.
      await decide(salesManager, id, 'engagement-quote-approval', { decision: 'approve' });
      const mail = await platform.mail.waitFor((m) => m.to.includes(platform.org.people.client.email) && m.subject === 'Your quote');
      const token = /\/quote\/([A-Za-z0-9_-]{43})/.exec(mail.text)![1]!;
      const anonymous = caller(platform, null);
      const shown = await anonymous.get(`/public/quotes/${token}`);
      expect(shown).toMatchObject({ status: 200, body: { quote: { version: 1, totalMinor: 1_513_680, status: 'sent' } } });
      expect((await anonymous.post(`/public/quotes/${token}/answer`, { accepted: true })).status).toBe(200);
      // The link works once.
      expect((await anonymous.get(`/public/quotes/${token}`)).status).toBe(404);
      await atStage(id, 'onboarding');
      const converted = await engagementOf(id);
      expect(converted.engagement.client).toMatchObject({ name: expect.stringContaining('Client Co') });
      expect(converted.engagement.quotes[0]).toMatchObject({ status: 'accepted', decidedVia: 'link' });

      // Onboarding, sent back once at validation.
      const [delivery, support] = await Promise.all([departmentId('Delivery'), departmentId('Support')]);
      await decide(supportAgent, id, 'engagement-onboarding', { requirements: 'Five pages', departments: [delivery, support] });
      await decide(supportManager, id, 'engagement-validation', { decision: 'send_back', missing: 'The brand guide' });
      const second = await taskOf(supportAgent, id, 'engagement-onboarding');
      expect(second.note).toContain('The brand guide');
      await decide(supportAgent, id, 'engagement-onboarding', {
        requirements: 'Five pages, brand guide attached',
        departments: [delivery, support],
      });
      await decide(supportManager, id, 'engagement-validation', { decision: 'validate' });

      // Both departments decide in parallel; Support rejects, which sends it back to onboarding.
      await taskOf(deliveryManager, id, 'engagement-department-approval');
      await decide(supportManager, id, 'engagement-department-approval', { decision: 'reject', comment: 'No capacity in May' });
      await atStage(id, 'onboarding');
      await eventually(async () => !(await deliveryManager.get('/tasks?status=open')).body.tasks.some((t: InboxTask) => t.caseId === id));
      await decide(supportAgent, id, 'engagement-onboarding', {
        requirements: 'Five pages, starting June',
        departments: [delivery, support],
      });
      await decide(supportManager, id, 'engagement-validation', { decision: 'validate' });
      await decide(deliveryManager, id, 'engagement-department-approval', { decision: 'approve' });
      await decide(supportManager, id, 'engagement-department-approval', { decision: 'approve_with_changes', comment: 'Start in June' });

      // The breakdown: a cycle is refused; then design before build.
      const breakdown = await taskOf(lead, id, 'engagement-breakdown');
      expect(breakdown.note).toContain('Start in June');
      const item = (key: string, assignee: string, dependsOn: string[] = []) => ({
        key,
        title: key[0]!.toUpperCase() + key.slice(1),
        assigneeId: platform.org.people[assignee as 'employee']!.id,
        estimateMinutes: 240,
        dependsOn,
      });
      const cyclic = await lead.post(`/engagements/${id}/work-plan`, {
        items: [item('design', 'employee', ['build']), item('build', 'colleague', ['design'])],
      });
      expect(cyclic).toMatchObject({ status: 422, body: { error: { code: 'invalid_input' } } });
      expect(JSON.stringify(cyclic.body.error.details)).toContain('circle');
      const planned = await lead.post(`/engagements/${id}/work-plan`, {
        items: [item('design', 'employee'), item('build', 'colleague', ['design'])],
      });
      expect(planned.status, JSON.stringify(planned.body)).toBe(201);

      // Build waits for design.
      await taskOf(employee, id, 'engagement-work');
      expect((await colleague.get('/tasks?status=open')).body.tasks.some((t: InboxTask) => t.caseId === id)).toBe(false);
      const entryId = randomUUID();
      const entry = { entryId, minutes: 90, loggedOn: platform.today, note: 'Wireframes' };
      expect((await employee.post(`/engagements/${id}/items/design/time`, entry)).body).toEqual({ loggedMinutes: 90 });
      // A double click logs it once.
      expect((await employee.post(`/engagements/${id}/items/design/time`, entry)).body).toEqual({ loggedMinutes: 90 });
      expect((await colleague.post(`/engagements/${id}/items/design/time`, { ...entry, entryId: randomUUID() })).status).toBe(403);
      await decide(employee, id, 'engagement-work', { note: 'Done' });
      await decide(lead, id, 'engagement-review', { decision: 'approve' });
      await decide(colleague, id, 'engagement-work', {});
      await decide(lead, id, 'engagement-review', { decision: 'approve' });

      // QA returns build; its second round comes back to the colleague with the findings.
      await decide(qa, id, 'engagement-qa', { decision: 'return', items: ['build'], findings: 'Broken on phones' });
      const rework = await taskOf(colleague, id, 'engagement-work');
      expect(rework.note).toBe('Broken on phones');
      await decide(colleague, id, 'engagement-work', {});
      await decide(lead, id, 'engagement-review', { decision: 'approve' });
      await decide(qa, id, 'engagement-qa', { decision: 'pass' });

      // The client asks for changes in the portal: the work reopens with a new item.
      await atStage(id, 'delivery');
      await platform.mail.waitFor((m) => m.to.includes(platform.org.people.client.email) && m.subject.startsWith('Ready for you'));
      const portal = await client.get(`/portal/engagements/${id}`);
      expect(portal.body.engagement).toMatchObject({ stageInWords: 'Ready for you to accept', awaitsYourAcceptance: true });
      expect(JSON.stringify(portal.body)).not.toContain('No capacity');
      expect((await client.post(`/portal/engagements/${id}/delivery`, { accepted: false })).status).toBe(400);
      expect((await client.post(`/portal/engagements/${id}/delivery`, { accepted: false, changes: 'A contact form' })).status).toBe(200);
      const reopened = await taskOf(lead, id, 'engagement-breakdown');
      expect(reopened.note).toContain('A contact form');
      expect((await lead.post(`/engagements/${id}/work-plan`, { items: [item('design', 'employee')] })).status).toBe(422);
      expect((await lead.post(`/engagements/${id}/work-plan`, { items: [item('contact-form', 'employee', ['build'])] })).status).toBe(201);
      await decide(employee, id, 'engagement-work', {});
      await decide(lead, id, 'engagement-review', { decision: 'approve' });
      await decide(qa, id, 'engagement-qa', { decision: 'pass' });
      await atStage(id, 'delivery');
      expect((await client.post(`/portal/engagements/${id}/delivery`, { accepted: true })).status).toBe(200);

      const closed = await eventually(async () => {
        const body = await engagementOf(id);
        return body.engagement.status === 'delivered' && body;
      });
      const items = closed.engagement.workItems as { key: string; status: string; round: number; loggedMinutes: number }[];
      expect(new Map(items.map((i) => [i.key, [i.status, i.round]]))).toEqual(
        new Map([
          ['design', ['done', 1]],
          ['build', ['done', 2]],
          ['contact-form', ['done', 1]],
        ]),
      );
      expect(items.find((i) => i.key === 'design')!.loggedMinutes).toBe(90);
      const followUps = await platform.database.sql`select due_on from client_follow_ups where engagement_id = ${id}`;
      expect(followUps).toHaveLength(1);
      const periods = await platform.database.sql<{ stage: string; round: number }[]>`
        select stage, round from engagement_stage_periods where engagement_id = ${id} and stage = 'onboarding' order by round`;
      expect(periods.map((p) => p.round)).toEqual([1, 2, 3]);
      // Operators find it in the Temporal Web UI by case type and stage.
      const listed = platform.temporal.workflow.list({
        query: `CaseType = "engagement" AND CaseStage = "closed" AND WorkflowId = "${engagementWorkflowId(id)}"`,
      });
      await eventually(async () => {
        for await (const found of listed) if (found.workflowId === engagementWorkflowId(id)) return true;
        return false;
      });
      await record('lead-to-delivery', id);
      await record('work-item-returned-by-qa', id, workItemWorkflowId(id, 'build', 1));
      await record('work-item-second-round', id, workItemWorkflowId(id, 'build', 2));
    });
  }, 180_000);
});

describe('an engagement that ends early', () => {
  it('ends lost when the closer disqualifies the lead, with the reason', async () => {
    await platform.withWorker(async () => {
      const { id } = await captureLead({ source: 'web_form', budgetMinor: undefined });
      await decide(closer, id, 'engagement-qualification', { decision: 'disqualify', reason: 'Out of area' });
      const body = await eventually(async () => {
        const detail = await engagementOf(id);
        return detail.engagement.status === 'lost' && detail;
      });
      expect(body.engagement).toMatchObject({ stage: 'closed', closedReason: 'Out of area' });
      await record('disqualified', id);
    });
  });

  it('waits on a durable timer for a follow-up date, and comes back to the same closer', async () => {
    await platform.withWorker(async () => {
      const { id } = await captureLead({ email: `later-${randomUUID().slice(0, 6)}@example.test`, phone: undefined });
      const followUpOn = platform.workingDayAhead(10);
      const early = await (async () => {
        const task = await taskOf(closer, id, 'engagement-qualification');
        return closer.post(`/tasks/${task.id}/complete`, { values: { decision: 'follow_up' } });
      })();
      expect(early.status).toBe(422);
      await decide(closer, id, 'engagement-qualification', { decision: 'follow_up', followUpOn });
      await atStage(id, 'follow-up');
      const history = await platform.temporal.workflow.getHandle(engagementWorkflowId(id)).fetchHistory();
      // The latest timer (the task's own reminder timers come before it) is the follow-up's.
      const timer = history.events!.filter((e) => e.timerStartedEventAttributes).at(-1)!.timerStartedEventAttributes!;
      const firesInMs = Number(timer.startToFireTimeout!.seconds) * 1000;
      // 09:00 on that day in Berlin: between 8 and 10 in UTC whatever the season.
      const firesAt = Date.now() + firesInMs;
      expect(new Date(firesAt).toISOString().slice(0, 10)).toBe(followUpOn);
      expect(Math.abs(new Date(firesAt).getUTCHours() - 8)).toBeLessThanOrEqual(1);
      // A closer may bring it back before then; the task returns to the one who decided.
      expect((await closer.post(`/engagements/${id}/follow-up-now`, {})).status).toBe(200);
      const back = await taskOf(closer, id, 'engagement-qualification');
      expect(back.title).toContain('Qualify');
      await record('follow-up-brought-back', id);
    });
  });

  it('holds (withdrawing open tasks), resumes (reopening them), and cancels with a reason', async () => {
    await platform.withWorker(async () => {
      const { id } = await captureLead({ email: `hold-${randomUUID().slice(0, 6)}@example.test`, phone: undefined });
      await taskOf(closer, id, 'engagement-qualification');
      expect((await agent.post(`/engagements/${id}/hold`, { reason: 'x' })).status).toBe(403);
      expect((await salesManager.post(`/engagements/${id}/hold`, { reason: 'Client on holiday' })).body.engagement).toMatchObject({
        status: 'on_hold',
      });
      await eventually(async () => !(await closer.get('/tasks?status=open')).body.tasks.some((t: InboxTask) => t.caseId === id));
      expect((await salesManager.post(`/engagements/${id}/hold`, {})).status).toBe(409);
      expect((await salesManager.post(`/engagements/${id}/resume`, {})).body.engagement).toMatchObject({ status: 'open' });
      await taskOf(closer, id, 'engagement-qualification');
      expect((await salesManager.post(`/engagements/${id}/cancel`, {})).status).toBe(422);
      expect((await salesManager.post(`/engagements/${id}/cancel`, { reason: 'Client went elsewhere' })).body.engagement).toMatchObject({
        status: 'cancelled',
        stage: 'closed',
        closedReason: 'Client went elsewhere',
      });
      await eventually(async () => !(await closer.get('/tasks?status=open')).body.tasks.some((t: InboxTask) => t.caseId === id));
      await record('held-resumed-cancelled', id);
    });
  });

  it('takes leads from the public form, flags a bot quietly, and refuses bad input with the fields named', async () => {
    await platform.withWorker(async () => {
      const anonymous = caller(platform, null);
      const form = {
        orgId: platform.org.orgId,
        contactName: 'Web Visitor',
        email: `visitor-${randomUUID().slice(0, 6)}@example.test`,
        serviceCategory: 'seo',
      };
      expect(await anonymous.post('/public/leads', { ...form, serviceCategory: 'plumbing' })).toMatchObject({
        status: 400,
        body: { error: { code: 'invalid_input' } },
      });
      expect(
        (await anonymous.post('/public/leads', { orgId: platform.org.orgId, contactName: 'No contact', serviceCategory: 'seo' })).status,
      ).toBe(400);
      const bot = await anonymous.post('/public/leads', { ...form, website: 'http://spam.example' });
      expect(bot.status, JSON.stringify(bot.body)).toBe(202);
      expect((await anonymous.post('/public/leads', form)).status).toBe(202);
      const leads = await platform.database.sql<{ email: string; captured_via: string }[]>`
        select email, captured_via from leads where org_id = ${platform.org.orgId} and contact_name = 'Web Visitor'`;
      expect(leads).toEqual([{ email: form.email, captured_via: 'web_form' }]);
    });
  });
});
