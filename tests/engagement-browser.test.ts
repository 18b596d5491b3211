import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultEngagementSettings } from '../api/engagement/settings.ts';
import { tasks } from '../db/schema/index.ts';
import { leadScore } from '../domain/lead-score.ts';
import { quoteTotals } from '../domain/quote.ts';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { eventually, type Platform } from './harness.ts';

// A lead walked to delivery in a real browser (see browser-platform.ts), every step through the UI:
// captured through its form, qualified in the inbox, quoted in the editor, accepted by the client on
// the quote link's page, onboarded, validated and approved in the inbox, planned in the editor (a
// cycle refused), the pipeline counting it, assignees starting, logging and finishing work, reviewed
// and QA'd in the inbox, the deliverable shared, and the client accepting the delivery in the portal;
// then the pages without JavaScript, a manager's hold and cancel, the workflow's link for an
// operator, and every new page answering below 500. Each person signs in once, in the browser (a
// second sign-in would wait for their next authenticator code).

const webUi = 'http://localhost:8233';
let web: BrowserPlatform;
let platform: Platform;
let engagementId: string;
/** The engagement the tests without JavaScript and of its manager use. */
let secondId: string;
/** The demo client's address: the lead becomes their client's engagement, which their portal shows. */
let contactEmail: string;

beforeAll(async () => {
  // Read by the UI server this platform starts: where an operator's link to the workflow goes.
  process.env.TEMPORAL_UI_URL = webUi;
  web = await startBrowserPlatform();
  platform = web.platform;
  contactEmail = platform.org.people.client.email;
});

afterAll(() => web?.stop());

/** Reloads the page until the locator's text matches: the workflow moves on a moment after the click. */
async function reloadUntil(page: Page, target: Locator, text: RegExp) {
  await expect
    .poll(
      async () => {
        const shown = (await target.count()) > 0 ? await target.first().innerText() : '';
        if (!text.test(shown)) await page.reload();
        return shown;
      },
      { timeout: 20_000 },
    )
    .toMatch(text);
}

const taskRowOf = (kind: string, caseId = engagementId) =>
  eventually(async () => {
    const [row] = await platform.database.db
      .select()
      .from(tasks)
      .where(and(eq(tasks.orgId, platform.org.orgId), eq(tasks.caseId, caseId), eq(tasks.kind, kind), eq(tasks.status, 'open')));
    return row;
  });

const field = (page: Page, label: string) => page.getByLabel(label, { exact: true });

/** Opens the engagement's open task of this kind in the person's inbox, fills it and submits it. */
async function decideInInbox(person: string, kind: string, fill: (page: Page) => Promise<void>) {
  const page = await web.pageOf(person);
  const task = await taskRowOf(kind);
  await page.goto(`${web.appUrl}/inbox/${task.id}`);
  await fill(page);
  await page.getByRole('button', { name: 'Submit decision' }).click();
  await page.waitForURL(`${web.appUrl}/inbox`);
}

describe('an engagement’s staff pages', () => {
  it('the agent captures a lead in its form, the closer qualifies it in the inbox, the agent quotes it in the editor with live totals', async () => {
    const agent = await web.pageOf('agent');
    await agent.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).click();
    await agent.waitForURL(/\/engagements$/);
    await agent.getByRole('link', { name: 'New lead' }).click();
    await agent.waitForURL(/\/engagements\/new$/);

    const leadId = await agent.locator('input[name="leadId"]').inputValue();
    await field(agent, 'Contact name').fill('Cleo Browser');
    await field(agent, 'E-mail').fill(contactEmail);
    await field(agent, 'Phone').fill('+49 30 5550 4321');
    await field(agent, 'Company').fill('Browser Co');
    await field(agent, 'Source').selectOption('referral');
    await field(agent, 'Service').selectOption('web');
    // A comma is not the decimal point here: the field says so and keeps everything typed.
    await field(agent, 'Budget in EUR').fill('25000,50');
    await field(agent, 'Notes').fill('Met at the fair');
    await agent.getByRole('button', { name: 'Save the lead' }).click();
    await expect.poll(() => agent.locator('#budget-error').innerText()).toContain('Give the budget as an amount in EUR');
    expect(await field(agent, 'Company').inputValue()).toBe('Browser Co');
    // The same lead id again: a second submit joins the first lead, never makes another.
    expect(await agent.locator('input[name="leadId"]').inputValue()).toBe(leadId);
    await field(agent, 'Budget in EUR').fill('25000.50');
    await agent.getByRole('button', { name: 'Save the lead' }).click();
    await agent.waitForURL(`${web.appUrl}/engagements/${leadId}`);
    engagementId = leadId;

    const score = leadScore(defaultEngagementSettings.scoreRules, {
      source: 'referral',
      serviceCategory: 'web',
      budgetMinor: 2_500_050,
      company: 'Browser Co',
      phone: '+493055504321',
    });
    expect(await agent.getByTestId('lead-score').innerText()).toBe(String(score));
    expect(await agent.getByTestId('lead-details').innerText()).toMatch(/Budget\s+25,000\.50 EUR/);
    await reloadUntil(agent, agent.getByTestId('engagement-holders'), /Waiting in Sales closers: Qualify the lead: Browser Co/);
    expect(await agent.getByTestId('engagement-stage').innerText()).toMatch(/Qualification\s+Open/);

    // The closer decides it in the inbox, beside the engagement's panel.
    const closer = await web.pageOf('closer');
    const qualification = await taskRowOf('engagement-qualification');
    await closer.goto(`${web.appUrl}/inbox`);
    await web.reloadUntilListed(
      closer,
      closer.getByTestId('inbox-task').filter({ has: closer.locator(`a[href="/inbox/${qualification.id}"]`) }),
    );
    await closer.locator(`a[href="/inbox/${qualification.id}"]`).click();
    await closer.waitForURL(`${web.appUrl}/inbox/${qualification.id}`);
    expect(await closer.getByTestId('engagement-summary').innerText()).toContain('Browser Co');
    expect(await closer.getByTestId('lead-score').innerText()).toBe(String(score));
    await closer.getByLabel('Qualified').check();
    await closer.getByRole('button', { name: 'Submit decision' }).click();
    await closer.waitForURL(`${web.appUrl}/inbox`);

    // The quote's task is done on the engagement's page: the task says so and links there.
    const prepare = await taskRowOf('engagement-quote');
    await agent.goto(`${web.appUrl}/inbox/${prepare.id}`);
    expect(await agent.getByTestId('task-elsewhere').innerText()).toContain('Prepare the quote on the engagement page');
    expect(await agent.getByRole('button', { name: 'Submit decision' }).count()).toBe(0);
    await agent.getByRole('link', { name: 'Open the engagement to do this' }).click();
    await agent.waitForURL(`${web.appUrl}/engagements/${engagementId}`);
    await reloadUntil(agent, agent.getByTestId('engagement-stage'), /^Quote\s/);

    // Two lines: the second added with the button, the totals shown as they are typed.
    const line = (n: number, label: string) => field(agent, `${label} (line ${n})`);
    await line(1, 'Description').fill('Design');
    await line(1, 'Quantity').fill('10');
    await line(1, 'Unit price (EUR)').fill('120.50');
    await line(1, 'Tax %').fill('19');
    await agent.getByRole('button', { name: 'Add a line' }).click();
    await line(2, 'Description').fill('Build');
    await line(2, 'Quantity').fill('1.5');
    await line(2, 'Unit price (EUR)').fill('2000');
    await line(2, 'Discount %').fill('10');
    await line(2, 'Tax %').fill('19');
    // 10 × 120.50 = 1,205.00 + 19 % = 1,433.95; 1.5 × 2,000.00 = 3,000.00 − 10 % = 2,700.00 + 19 % = 3,213.00
    const expected = quoteTotals([
      { description: 'Design', quantityHundredths: 1000, unitPriceMinor: 12_050, discountBasisPoints: 0, taxBasisPoints: 1900 },
      { description: 'Build', quantityHundredths: 150, unitPriceMinor: 200_000, discountBasisPoints: 1000, taxBasisPoints: 1900 },
    ]);
    expect(expected).toMatchObject({ subtotalMinor: 420_500, discountMinor: 30_000, taxMinor: 74_195, totalMinor: 464_695 });
    const lineTotals = agent.getByTestId('line-total');
    await expect.poll(() => lineTotals.allInnerTexts()).toEqual(['Line total: 1,433.95 EUR', 'Line total: 3,213.00 EUR']);
    expect(await agent.getByTestId('quote-subtotal').innerText()).toBe('4,205.00 EUR');
    expect(await agent.getByTestId('quote-discount').innerText()).toBe('300.00 EUR');
    expect(await agent.getByTestId('quote-tax').innerText()).toBe('741.95 EUR');
    expect(await agent.getByTestId('quote-total').innerText()).toBe('4,646.95 EUR');
    // A line added and removed again leaves the others as typed.
    await agent.getByRole('button', { name: 'Add a line' }).click();
    await expect.poll(() => lineTotals.allInnerTexts()).toEqual(['Line total: 1,433.95 EUR', 'Line total: 3,213.00 EUR', 'Line total: —']);
    await agent.getByRole('button', { name: 'Remove line 3' }).click();
    await expect.poll(() => lineTotals.allInnerTexts()).toEqual(['Line total: 1,433.95 EUR', 'Line total: 3,213.00 EUR']);
    expect(await line(2, 'Unit price (EUR)').inputValue()).toBe('2000');

    await agent.getByRole('button', { name: 'Send the quote' }).click();
    await expect
      .poll(() => agent.getByTestId('engagement-action-result').innerText())
      .toBe('Quote version 1 is saved: it is on its way to the client.');
    const quote = agent.getByTestId('quote');
    await expect.poll(() => quote.count()).toBe(1);
    expect(await quote.getByTestId('quote-line-row').allInnerTexts()).toEqual([
      expect.stringMatching(/^Design\s+10\s+120\.50 EUR\s+—\s+19 %\s+1,433\.95 EUR$/),
      expect.stringMatching(/^Build\s+1\.5\s+2,000\.00 EUR\s+10 %\s+19 %\s+3,213\.00 EUR$/),
    ]);
    expect(await quote.getByTestId('quote-total-saved').innerText()).toBe('4,646.95 EUR');
    expect(await agent.getByRole('heading', { name: 'Prepare the quote' }).count()).toBe(0);
    await reloadUntil(agent, quote.getByTestId('quote-status'), /Sent to the client/);
  }, 180_000);

  it('the client accepts the quote on its link’s page, it is onboarded, validated and approved in the inbox, and the team lead plans the work in the editor, a cycle refused', async () => {
    // The client accepts the quote on the page its e-mailed link opens.
    const mail = await platform.mail.waitFor((m) => m.to.includes(contactEmail) && m.subject === 'Your quote');
    const visitor = await web.newPage();
    await visitor.goto(`${web.appUrl}${/\/quote\/[A-Za-z0-9_-]{43}/.exec(mail.text)![0]}`);
    await visitor.getByRole('button', { name: 'Accept the quote' }).click();
    await visitor.getByRole('status').filter({ hasText: 'You accepted the quote' }).waitFor();
    // Onboarding, its validation and the department's approval, each in its holder's inbox.
    await decideInInbox('support-agent', 'engagement-onboarding', async (page) => {
      await field(page, 'Requirements').fill('Five pages and a contact form');
      await page.getByLabel('Delivery', { exact: true }).check();
    });
    await decideInInbox('support-manager', 'engagement-validation', (page) => page.getByLabel('Validated', { exact: true }).check());
    await decideInInbox('manager', 'engagement-department-approval', (page) => page.getByLabel('Approve', { exact: true }).check());

    const lead = await web.pageOf('lead');
    await lead.goto(`${web.appUrl}/engagements/${engagementId}`);
    await reloadUntil(lead, lead.getByTestId('engagement-stage'), /^Work breakdown/);
    const item = (n: number, label: string) => field(lead, `${label} (item ${n})`);
    await item(1, 'Key').fill('design');
    await item(1, 'Title').fill('Design');
    await item(1, 'Assignee').selectOption({ label: 'Eve Employee (Delivery)' });
    await item(1, 'Estimate (hours)').fill('4');
    await item(1, 'Due').fill(platform.workingDayAhead(10));
    await lead.getByRole('button', { name: 'Add an item' }).click();
    await item(2, 'Key').fill('build');
    await item(2, 'Title').fill('Build');
    await item(2, 'Assignee').selectOption({ label: 'Carl Colleague (Delivery)' });
    await item(2, 'Estimate (hours)').fill('6.5');
    // Each offers the other's key as it was typed.
    await item(1, 'Depends on').selectOption(['build']);
    await item(2, 'Depends on').selectOption(['design']);
    await lead.getByRole('button', { name: 'Save the work plan' }).click();
    const refusal = lead.locator('form[action="?/workPlan"] .form-error');
    await expect
      .poll(() => refusal.innerText())
      .toMatch(/The dependencies go round in a circle: (design → build → design|build → design → build)\./);
    expect(await item(2, 'Title').inputValue()).toBe('Build');

    await item(1, 'Depends on').selectOption([]);
    await lead.getByRole('button', { name: 'Save the work plan' }).click();
    await expect.poll(() => lead.getByTestId('engagement-action-result').innerText()).toBe('The work plan is saved: 2 items.');
    const rows = lead.getByTestId('work-item');
    await expect.poll(() => rows.count()).toBe(2);
    const row = (key: string) => lead.locator(`[data-testid="work-item"][data-key="${key}"]`);
    expect(await row('design').innerText()).toMatch(/Design[\s\S]*Eve Employee\s+4 h\s+0 min/);
    expect(await row('build').innerText()).toMatch(/Build[\s\S]*To do\s+Carl Colleague\s+6 h 30 min\s+0 min\s+—\s+design$/);
    expect(await lead.getByRole('heading', { name: 'Break the work down' }).count()).toBe(0);
  }, 180_000);

  it('the pipeline shows the engagement in its stage, counted', async () => {
    const lead = await web.pageOf('lead');
    await lead.goto(`${web.appUrl}/engagements`);
    const execution = lead.locator('[data-testid="pipeline-stage"][data-stage="execution"]');
    await reloadUntil(lead, execution.getByTestId('stage-count'), /^1$/);
    expect(await execution.getByTestId('stage-figures').innerText()).toBe('1 engagement · 4,646.95 EUR');
    const card = execution.getByTestId('pipeline-card');
    expect(await card.innerText()).toMatch(
      /Web for Browser Co\s+Browser Co\s+Web · Alex Agent\s+4,646\.95 EUR\s+under an hour in this stage/,
    );
    const counts = await lead.getByTestId('stage-count').allInnerTexts();
    expect(counts.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    // Filtered by another service, it is not there; the filters are the URL's.
    await lead.getByLabel('Service', { exact: true }).selectOption('seo');
    await lead.getByRole('button', { name: 'Apply' }).click();
    await lead.waitForURL(/serviceCategory=seo/);
    await expect.poll(() => lead.getByTestId('pipeline-card').count()).toBe(0);
    await lead.getByRole('link', { name: 'Clear filters' }).click();
    await expect.poll(() => lead.getByTestId('pipeline-card').count()).toBe(1);
    await lead.getByTestId('pipeline-card').getByRole('link').click();
    await lead.waitForURL(`${web.appUrl}/engagements/${engagementId}`);
  }, 60_000);

  it('the assignee, who may not see engagements, starts their item and logs time on the engagement’s page', async () => {
    const employee = await web.pageOf('employee');
    expect(await employee.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Pipeline' }).count()).toBe(0);
    await employee.goto(`${web.appUrl}/engagements/${engagementId}`);
    const mine = employee.getByTestId('my-work-item');
    await expect.poll(() => mine.count()).toBe(1);
    expect(await employee.getByTestId('work-item').count()).toBe(1);
    await employee.getByRole('button', { name: 'Start work on Design' }).click();
    await expect.poll(() => mine.getByRole('status').innerText()).toBe('You started this item.');
    await expect.poll(() => employee.getByTestId('work-item-status').innerText()).toBe('In progress');
    await field(employee, 'Minutes (Design)').fill('90');
    await field(employee, 'Note (Design)').fill('Wireframes');
    await employee.getByRole('button', { name: 'Log time' }).click();
    await expect.poll(() => mine.getByRole('status').innerText()).toBe('Logged 1 h 30 min: 1 h 30 min in all.');
    await expect.poll(() => employee.getByTestId('work-item-logged').innerText()).toBe('1 h 30 min');
  }, 60_000);

  it('the work is done, reviewed and QA’d in the inbox, and the client accepts the delivery in the portal', async () => {
    const reviewed = (page: Page) => page.getByLabel('Done', { exact: true }).check();
    await decideInInbox('employee', 'engagement-work', (page) => field(page, 'What was done').fill('Wireframes and a style sheet'));
    await decideInInbox('lead', 'engagement-review', reviewed);
    // Build depended on Design: its work opens now, with Carl.
    await decideInInbox('colleague', 'engagement-work', (page) => field(page, 'What was done').fill('Built the pages'));
    await decideInInbox('lead', 'engagement-review', reviewed);
    await decideInInbox('qa', 'engagement-qa', (page) => page.getByLabel('Passes', { exact: true }).check());

    // The deliverable, uploaded on the engagement's page and shared with the client.
    const support = await web.pageOf('support-agent');
    await support.goto(`${web.appUrl}/engagements/${engagementId}`);
    const documents = support.getByTestId('documents-panel');
    const deliverable = Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n', 'latin1');
    await documents.getByLabel('Upload a document').setInputFiles({ name: 'Site.pdf', mimeType: 'application/pdf', buffer: deliverable });
    await documents.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => documents.getByTestId('document').count()).toBe(1);
    await documents.getByRole('button', { name: /^Share with the client/ }).click();
    await expect.poll(() => documents.getByTestId('document').innerText()).toContain('Shared with the client');

    const client = await web.pageOf('client');
    await client.goto(`${web.appUrl}/portal/engagements/${engagementId}`);
    await reloadUntil(client, client.getByTestId('stage-in-words'), /Ready for you to accept/);
    const shared = client.getByTestId('portal-documents').getByRole('link', { name: 'Site.pdf' });
    const download = await client.request.get(`${web.appUrl}${await shared.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(Buffer.from(await download.body())).toEqual(deliverable);
    await client.getByRole('button', { name: 'Accept the delivery' }).click();
    await client.getByRole('status').filter({ hasText: 'you accepted the delivery' }).waitFor();

    const lead = await web.pageOf('lead');
    await lead.goto(`${web.appUrl}/engagements/${engagementId}`);
    await reloadUntil(lead, lead.getByTestId('engagement-status'), /^Delivered$/);
    expect(await lead.getByTestId('engagement-holders').innerText()).toBe('Nobody: no step is waiting for anyone.');
    const timeline = await lead.getByTestId('timeline').innerText();
    expect(timeline).toMatch(/QA[\s\S]*Delivery[\s\S]*Delivered/);
  }, 180_000);

  it('without JavaScript the lead form and the quote editor still post, and refusals come back beside their fields, filled in', async () => {
    const agent = await web.newPage({ javaScriptEnabled: false });
    await web.signIn(agent, 'agent');
    await agent.goto(`${web.appUrl}/engagements/new`);
    await field(agent, 'Contact name').fill('Nora Nojs');
    await field(agent, 'Company').fill('Nojs Co');
    await field(agent, 'Source').selectOption('event');
    await field(agent, 'Service').selectOption('seo');
    await agent.getByRole('button', { name: 'Save the lead' }).click();
    expect(await agent.locator('#email-error').innerText()).toBe('give an e-mail address or a phone number');
    expect(await field(agent, 'Company').inputValue()).toBe('Nojs Co');
    await field(agent, 'E-mail').fill(`nojs-${contactEmail}`);
    await agent.getByRole('button', { name: 'Save the lead' }).click();
    await agent.waitForURL(/\/engagements\/[0-9a-f-]{36}$/);
    secondId = new URL(agent.url()).pathname.split('/').pop()!;

    const closer = await web.pageOf('closer');
    const qualification = await taskRowOf('engagement-qualification', secondId);
    await closer.goto(`${web.appUrl}/inbox/${qualification.id}`);
    await closer.getByLabel('Qualified').check();
    await closer.getByRole('button', { name: 'Submit decision' }).click();
    await closer.waitForURL(`${web.appUrl}/inbox`);

    await agent.reload();
    await reloadUntil(agent, agent.getByTestId('engagement-stage'), /^Quote\s/);
    // A fixed number of lines to fill, and no buttons that would need a script.
    expect(await agent.getByTestId('quote-line').count()).toBe(5);
    expect(await agent.getByRole('button', { name: 'Add a line' }).count()).toBe(0);
    const line = (n: number, label: string) => field(agent, `${label} (line ${n})`);
    await line(1, 'Description').fill('Audit');
    await line(1, 'Quantity').fill('2');
    await line(1, 'Unit price (EUR)').fill('12,50');
    await line(1, 'Tax %').fill('19');
    await line(3, 'Description').fill('Report');
    await line(3, 'Quantity').fill('1');
    await line(3, 'Unit price (EUR)').fill('300');
    await agent.getByRole('button', { name: 'Send the quote' }).click();
    expect(await agent.locator('#lines-0-unitPrice-error').innerText()).toBe('Give the unit price in EUR, such as 120 or 120.50.');
    expect(await line(3, 'Description').inputValue()).toBe('Report');
    // The totals the server rendered: the line it could read.
    expect(await agent.getByTestId('quote-total').innerText()).toBe('300.00 EUR');
    await line(1, 'Unit price (EUR)').fill('12.50');
    await agent.getByRole('button', { name: 'Send the quote' }).click();
    expect(await agent.getByTestId('engagement-action-result').innerText()).toBe(
      'Quote version 1 is saved: it is on its way to the client.',
    );
    // 2 × 12.50 = 25.00 + 19 % = 29.75; and 300.00
    expect(await agent.getByTestId('quote-total-saved').innerText()).toBe('329.75 EUR');
    expect(await agent.getByTestId('quote-line-row').count()).toBe(2);
  }, 180_000);

  it('a sales manager holds, resumes and cancels an engagement from its page, cancelling only with a reason', async () => {
    const manager = await web.pageOf('sales-manager');
    await manager.goto(`${web.appUrl}/engagements/${secondId}`);
    const status = manager.getByTestId('engagement-status');
    const result = manager.getByTestId('engagement-action-result');
    await manager.getByRole('button', { name: 'Cancel the engagement' }).click();
    await expect.poll(() => manager.getByTestId('manage-refusal').innerText()).toBe('Say why the engagement is cancelled.');
    expect(await status.innerText()).toBe('Open');
    await field(manager, 'Reason').fill('The client is on holiday');
    await manager.getByRole('button', { name: 'Put on hold' }).click();
    await expect.poll(() => result.innerText()).toBe('The engagement is on hold: its open steps are withdrawn until it resumes.');
    expect(await status.innerText()).toBe('On hold');
    await manager.getByRole('button', { name: 'Resume' }).click();
    await expect.poll(() => result.innerText()).toBe('The engagement goes on where it stopped.');
    expect(await status.innerText()).toBe('Open');
    await field(manager, 'Reason').fill('The client went elsewhere');
    await manager.getByRole('button', { name: 'Cancel the engagement' }).click();
    await expect.poll(() => result.innerText()).toBe('The engagement is cancelled.');
    expect(await manager.getByTestId('engagement-stage').innerText()).toMatch(/^Closed\s+Cancelled$/);
    expect(await manager.getByTestId('engagement-summary').innerText()).toContain('The client went elsewhere');
    expect(await manager.getByRole('heading', { name: 'Manage' }).count()).toBe(0);
  }, 60_000);

  it('links an operator to the workflow in the Temporal Web UI, and no one else', async () => {
    const operator = await web.pageOf('operator');
    await operator.goto(`${web.appUrl}/engagements/${engagementId}`);
    expect(await operator.getByTestId('temporal-link').getAttribute('href')).toBe(
      `${webUi}/namespaces/${platform.config.temporal.namespace}/workflows/engagement-${engagementId}`,
    );
    const lead = await web.pageOf('lead');
    await lead.goto(`${web.appUrl}/engagements/${engagementId}`);
    expect(await lead.getByTestId('temporal-link').count()).toBe(0);
  });

  it('answers every new page below 500 for everyone who signs in here, whatever the id or filter', async () => {
    const paths = [
      '/engagements',
      '/engagements/new',
      `/engagements/${engagementId}`,
      `/engagements/${secondId}`,
      `/engagements/${randomUUID()}`,
      '/engagements/not-an-id',
      '/engagements?ownerId=nobody&status=sideways',
      `/engagements?departmentId=${randomUUID()}&serviceCategory=web`,
    ];
    for (const person of ['agent', 'closer', 'lead', 'employee', 'operator', 'sales-manager']) {
      const page = await web.pageOf(person);
      for (const path of paths) {
        const response = await page.goto(`${web.appUrl}${path}`);
        expect({ person, path, status: response!.status() < 500 }).toEqual({ person, path, status: true });
      }
    }
  }, 120_000);
});
