import { randomUUID } from 'node:crypto';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { engagementJourney, smallQuoteTotal } from './engagement-journey.ts';
import type { Platform } from './harness.ts';
import { pdfText } from './pdf-text.ts';

// The client's side of an engagement in a real browser (see browser-platform.ts): the e-mailed
// quote link and its PDF, the portal (a send-back, the acceptance, the feedback), and the public
// lead form. The staff's steps go through the API, as tests/engagement.test.ts drives them.

let web: BrowserPlatform;
let platform: Platform;
let journey: ReturnType<typeof engagementJourney>;

beforeAll(async () => {
  web = await startBrowserPlatform();
  platform = web.platform;
  journey = engagementJourney(platform);
});

afterAll(() => web?.stop());

/** The e-mail's link points at the configured APP_URL; the browser opens the same path on this run's app. */
const inThisApp = (link: string) => `${web.appUrl}${new URL(link).pathname}`;
const heading = (page: Page) => page.getByRole('heading', { level: 1 }).innerText();
const stageShown = (page: Page) => page.getByTestId('stage-in-words').innerText();

/** Reloads until the portal says the engagement is at `words`: the read side follows the workflow within moments. */
async function reloadUntilStage(page: Page, words: string) {
  await expect
    .poll(
      async () => {
        if ((await stageShown(page)) !== words) await page.reload();
        return stageShown(page);
      },
      { timeout: 20_000 },
    )
    .toBe(words);
}

describe('the client in the browser', () => {
  it('accepts the e-mailed quote (its PDF a download), sends the delivery back in the portal, accepts it and leaves feedback', async () => {
    const { id, quoteLink } = await journey.quoted();
    const { title } = (await journey.engagementOf(id)).engagement as { title: string };

    // The quote link: no sign-in.
    const visitor = await web.newPage();
    await visitor.goto(inThisApp(quoteLink));
    expect(await heading(visitor)).toBe(`Quote from Org ${platform.slug}`);
    expect(await visitor.getByTestId('quote-total').innerText()).toBe(smallQuoteTotal.text);
    expect(await visitor.getByTestId('quote-lines').innerText()).toContain('Website design');
    const pdfHref = await visitor.getByRole('link', { name: 'Download the quote as a PDF' }).getAttribute('href');
    const pdf = await visitor.request.get(new URL(pdfHref!, visitor.url()).href);
    expect(pdf.status()).toBe(200);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    const bytes = await pdf.body();
    expect(bytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(pdfText(bytes)).toContain(smallQuoteTotal.text);
    await visitor.getByRole('button', { name: 'Accept the quote' }).click();
    await visitor.getByRole('status').filter({ hasText: 'You accepted the quote' }).waitFor();
    // The link works once, and says so.
    await visitor.reload();
    expect(await heading(visitor)).toBe('This link is no longer valid');

    await journey.delivered(id);
    const client = await web.newPage();
    await web.signIn(client, 'client');
    // A client lands on their engagements, without the staff's pages.
    expect(new URL(client.url()).pathname).toBe('/portal');
    const main = client.getByRole('navigation', { name: 'Main' });
    expect(await main.getByRole('link').allInnerTexts()).toEqual(['My engagements']);
    await client.getByRole('link', { name: title }).click();
    await client.waitForURL(`**/portal/engagements/${id}`);
    expect(await stageShown(client)).toBe('Ready for you to accept');
    expect(await client.getByTestId('portal-timeline').innerText()).toContain('We sent you a quote');
    expect(await client.getByTestId('quote-total').innerText()).toBe(smallQuoteTotal.text);

    await client.getByLabel('What should change').fill('A contact form, please');
    await client.getByRole('button', { name: 'Send back with changes' }).click();
    await client.getByRole('status').filter({ hasText: 'we will make the changes' }).waitFor();
    await reloadUntilStage(client, 'Our teams are planning your project');

    await journey.redelivered(id);
    await reloadUntilStage(client, 'Ready for you to accept');
    await client.getByRole('button', { name: 'Accept the delivery' }).click();
    await client.getByRole('status').filter({ hasText: 'you accepted the delivery' }).waitFor();
    await reloadUntilStage(client, 'Finished');

    await client.getByLabel('4', { exact: true }).check();
    await client.getByLabel('Anything you want to tell us (optional)').fill('Quick and friendly');
    await client.getByRole('button', { name: 'Send feedback' }).click();
    await expect.poll(() => client.getByTestId('your-feedback').innerText()).toContain('You rated this work 4 of 5');
    const saved = await platform.database.sql`select rating, comment from engagement_feedback where engagement_id = ${id}`;
    expect(saved).toEqual([{ rating: 4, comment: 'Quick and friendly' }]);
  }, 240_000);

  it('says plainly that an expired quote link has expired', async () => {
    const { id, quoteLink } = await journey.quoted();
    await platform.database.sql`update quotes set expires_at = now() - interval '1 day' where engagement_id = ${id}`;
    const visitor = await web.newPage();
    await visitor.goto(inThisApp(quoteLink));
    expect(await heading(visitor)).toBe('This quote has expired');
    expect(await visitor.getByRole('button', { name: 'Accept the quote' }).count()).toBe(0);
  }, 60_000);
});

describe('the public lead form in the browser', () => {
  it('needs no sign-in, names the fields it refuses, thanks the visitor, and records the lead', async () => {
    const page = await web.newPage();
    await page.goto(`${web.appUrl}/contact/${platform.org.orgId}`);
    const shownAt = Date.now();
    expect(await heading(page)).toBe(`Contact Org ${platform.slug}`);
    // The honeypot: out of sight and out of the tab order, and screen readers are told to leave it.
    const honeypot = page.getByLabel('Leave this field empty (it is here to catch automated spam)');
    expect(await honeypot.getAttribute('tabindex')).toBe('-1');
    expect(await honeypot.getAttribute('autocomplete')).toBe('off');

    await page.getByLabel('Your name').fill('Vera Visitor');
    await page.getByLabel('What do you need?').selectOption('seo');
    await page.getByLabel('Budget in EUR (optional)').fill('2,500');
    await page.getByLabel('Tell us more (optional)').fill('Ten pages to rank');
    // A person takes more than two seconds; a faster form is taken for a bot's and quietly dropped.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, shownAt + 2_500 - Date.now())));
    await page.getByRole('button', { name: 'Send' }).click();
    await expect.poll(() => page.locator('#email-error').innerText()).toBe('give an e-mail address or a phone number');

    const email = `vera-${randomUUID().slice(0, 6)}@example.test`;
    await page.getByLabel('E-mail').fill(email);
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('lead-received').waitFor();
    expect(await page.getByTestId('lead-received').innerText()).toContain('Thank you');
    const leads = await platform.database.sql`
      select contact_name, service_category, budget_minor, notes, captured_via from leads where email = ${email}`;
    expect(leads).toEqual([
      {
        contact_name: 'Vera Visitor',
        service_category: 'seo',
        budget_minor: 250_000,
        notes: 'Ten pages to rank',
        captured_via: 'web_form',
      },
    ]);
  }, 60_000);
});
