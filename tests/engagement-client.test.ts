import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkflows } from '../temporal/worker.ts';
import { engagementJourney, smallQuoteTotal } from './engagement-journey.ts';
import { caller, signIn, startPlatform, type Platform } from './harness.ts';
import { pdfText } from './pdf-text.ts';

// What the client side of an engagement adds to the API: the quote as a PDF (for staff and for the
// link's holder), the organisation's name for the public lead form, and the client's feedback.

let platform: Platform;
let journey: ReturnType<typeof engagementJourney>;

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  journey = engagementJourney(platform);
});
afterAll(() => platform?.stop());

const tokenOf = (link: string) => link.split('/quote/')[1]!;

/** A request's raw answer: PDFs are bytes, not JSON. */
async function download(path: string, cookie: string | null) {
  const response = await platform.app.request(`/api${path}`, { headers: cookie ? { cookie } : {} });
  return { status: response.status, headers: response.headers, bytes: new Uint8Array(await response.arrayBuffer()) };
}

function expectQuotePdf(answer: Awaited<ReturnType<typeof download>>) {
  expect(answer.status).toBe(200);
  expect(answer.headers.get('content-type')).toBe('application/pdf');
  expect(answer.headers.get('content-disposition')).toMatch(/^attachment; filename="quote-1\.pdf"$/);
  expect(Buffer.from(answer.bytes.subarray(0, 5)).toString('latin1')).toBe('%PDF-');
  const text = pdfText(answer.bytes);
  expect(text).toContain(`Total`);
  expect(text).toContain(smallQuoteTotal.text);
  expect(text).toContain(`Org ${platform.slug}`);
  return text;
}

describe('the quote as a PDF', () => {
  it('is served to staff who see engagements and to the link’s holder, and to nobody else', async () => {
    await platform.withWorker(async () => {
      const { id, contactName, quoteLink } = await journey.quoted();
      const agent = await signIn(platform, 'agent');
      const staffPdf = expectQuotePdf(await download(`/engagements/${id}/quotes/1/pdf`, agent.cookie));
      expect(staffPdf).toContain(`attn. ${contactName}`);
      expect(staffPdf).toMatch(/Valid until: \d{4}-\d{2}-\d{2}/);
      expectQuotePdf(await download(`/public/quotes/${tokenOf(quoteLink)}/pdf`, null));

      expect((await download(`/engagements/${id}/quotes/2/pdf`, agent.cookie)).status).toBe(404);
      expect((await download(`/engagements/${randomUUID()}/quotes/1/pdf`, agent.cookie)).status).toBe(404);
      expect((await download(`/engagements/${id}/quotes/first/pdf`, agent.cookie)).status).toBe(400);
      // A client has no staff view of engagements, even of their own.
      expect((await download(`/engagements/${id}/quotes/1/pdf`, (await signIn(platform, 'client')).cookie)).status).toBe(403);
      expect((await download(`/public/quotes/${'x'.repeat(43)}/pdf`, null)).status).toBe(404);
    });
  }, 60_000);
});

describe('the organisation behind the public lead form', () => {
  it('answers its name and currency, and nothing for an unknown or malformed id', async () => {
    const anonymous = caller(platform, null);
    expect(await anonymous.get(`/public/organizations/${platform.org.orgId}`)).toMatchObject({
      status: 200,
      body: { name: `Org ${platform.slug}`, currency: 'EUR' },
    });
    expect((await anonymous.get(`/public/organizations/${platform.org.orgId}`)).body).toEqual({
      name: `Org ${platform.slug}`,
      currency: 'EUR',
    });
    expect(await anonymous.get(`/public/organizations/${randomUUID()}`)).toMatchObject({
      status: 404,
      body: { error: { code: 'not_found' } },
    });
    expect(await anonymous.get('/public/organizations/acme')).toMatchObject({ status: 400, body: { error: { code: 'invalid_input' } } });
  });

  it('is rate-limited per address, as the other public routes are', async () => {
    const from = (address: string) =>
      platform.app.request(`/api/public/organizations/${platform.org.orgId}`, { headers: { 'x-forwarded-for': address } });
    for (let i = 0; i < 20; i++) expect((await from('203.0.113.7')).status).toBe(200);
    const refused = await from('203.0.113.7');
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect((await from('203.0.113.8')).status).toBe(200);
  });
});

describe('the client’s feedback', () => {
  it('is taken once per contact after delivery, refused before it, and shown to staff', async () => {
    await platform.withWorker(async () => {
      const client = await signIn(platform, 'client');
      const anonymous = caller(platform, null);
      // Another client's engagement: a lead with another e-mail address, converted all the same.
      const other = await journey.quoted({ email: `someone-${randomUUID().slice(0, 6)}@example.test` });
      const ours = await journey.quoted();
      for (const { quoteLink } of [other, ours])
        expect((await anonymous.post(`/public/quotes/${tokenOf(quoteLink)}/answer`, { accepted: true })).status).toBe(200);
      await journey.atStage(other.id, 'onboarding');
      await journey.atStage(ours.id, 'onboarding');

      expect((await client.get(`/portal/engagements/${other.id}`)).status).toBe(404);
      expect((await client.post(`/portal/engagements/${other.id}/feedback`, { rating: 5 })).status).toBe(404);
      const early = await client.post(`/portal/engagements/${ours.id}/feedback`, { rating: 5 });
      expect(early).toMatchObject({ status: 409, body: { error: { code: 'not_delivered' } } });

      await journey.delivered(ours.id);
      expect((await client.post(`/portal/engagements/${ours.id}/delivery`, { accepted: true })).status).toBe(200);
      await journey.atStage(ours.id, 'closed');

      for (const rating of [0, 6, 4.5, '5'])
        expect(await client.post(`/portal/engagements/${ours.id}/feedback`, { rating })).toMatchObject({
          status: 400,
          body: { error: { code: 'invalid_input', details: [expect.objectContaining({ path: 'rating' })] } },
        });
      const given = await client.post(`/portal/engagements/${ours.id}/feedback`, { rating: 4, comment: 'Quick and friendly' });
      expect(given).toMatchObject({ status: 201, body: { feedback: { rating: 4, comment: 'Quick and friendly' } } });
      // Once: a second answer does not replace the first.
      const again = await client.post(`/portal/engagements/${ours.id}/feedback`, { rating: 1, comment: 'Changed my mind' });
      expect(again).toMatchObject({ status: 409, body: { error: { code: 'feedback_given' } } });

      expect((await client.get(`/portal/engagements/${ours.id}`)).body.yourFeedback).toMatchObject({
        rating: 4,
        comment: 'Quick and friendly',
      });
      const staff = (await journey.engagementOf(ours.id)) as {
        engagement: { feedback: unknown[] };
        timeline: { kind: string; note: string }[];
      };
      expect(staff.engagement.feedback).toEqual([
        { rating: 4, comment: 'Quick and friendly', from: 'Cleo Client', createdAt: expect.any(String) },
      ]);
      expect(staff.timeline.find((t) => t.kind === 'feedback.given')?.note).toBe('Rated 4 of 5.');
      const audit = await platform.database.sql<{ detail: unknown }[]>`
        select detail from audit_log where kind = 'engagement.feedback_given' and target_id = ${ours.id}`;
      expect(audit).toEqual([{ detail: { rating: 4 } }]);
    });
  }, 180_000);
});
