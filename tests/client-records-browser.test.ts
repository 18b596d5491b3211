import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { auditEntries, insertClient } from './client-fixtures.ts';

// A client's page in a real browser (see browser-platform.ts): found by a contact's name in the
// clients list, opened, a note added, a document uploaded (and a fake one refused), then downloaded.

let web: BrowserPlatform;

beforeAll(async () => {
  web = await startBrowserPlatform();
});
afterAll(() => web?.stop());

const pdf = Buffer.from('%PDF-1.4\n% Proposal\ntrailer << /Root 1 0 R >>\n%%EOF\n');

describe('a client’s page', () => {
  it('is found by searching, takes a note once, and takes a document, refusing a fake PDF', async () => {
    const { platform } = web;
    const clientId = await insertClient(platform, {
      name: 'Gartenbau Grün',
      tags: ['garden'],
      contacts: [{ name: 'Gustav Grün', email: 'gustav@gartenbau.example' }],
    });
    await insertClient(platform, { name: 'Another Client', contacts: [{ name: 'Anna Other' }] });
    const page = await web.newPage();
    await web.signIn(page, 'agent');

    await page.getByRole('link', { name: 'Clients' }).click();
    await page.waitForURL(/\/clients$/);
    await page.getByLabel('Search').fill('gustav');
    await page.getByRole('button', { name: 'Filter' }).click();
    await page.waitForURL(/\/clients\?q=gustav&/);
    const rows = page.getByTestId('client-row');
    await expect.poll(() => rows.count()).toBe(1);
    expect(await rows.innerText()).toContain('gustav@gartenbau.example');
    await rows.getByRole('link', { name: 'Gartenbau Grün' }).click();
    await page.waitForURL(new RegExp(`/clients/${clientId}$`));
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Gartenbau Grün');
    expect(await page.getByTestId('client-tag').innerText()).toContain('garden');

    await page.getByLabel('New note').fill('Wants the hedge page before spring.');
    // A double click: the page's note id makes it one note.
    await page.getByRole('button', { name: 'Add note' }).dblclick();
    await expect.poll(() => page.getByTestId('client-note').count()).toBe(1);
    expect(await page.getByTestId('client-note').innerText()).toContain('Wants the hedge page before spring.');
    expect(await page.getByLabel('New note').inputValue()).toBe('');
    await expect.poll(async () => (await auditEntries(platform, 'client.note_added', clientId)).length).toBe(1);

    const documents = page.getByTestId('documents-panel');
    await documents.getByLabel('Upload a document').setInputFiles({ name: 'Proposal.pdf', mimeType: 'application/pdf', buffer: pdf });
    await documents.getByRole('button', { name: 'Upload', exact: true }).click();
    await expect.poll(() => documents.getByTestId('document').count()).toBe(1);
    expect(await documents.getByRole('status').innerText()).toBe('Proposal.pdf was uploaded.');
    const link = documents.getByRole('link', { name: 'Proposal.pdf' });
    const download = await page.request.get(`${web.appUrl}${await link.getAttribute('href')}`);
    expect(download.status()).toBe(200);
    expect(download.headers()).toMatchObject({ 'content-type': 'application/pdf', 'x-content-type-options': 'nosniff' });
    expect(Buffer.from(await download.body())).toEqual(pdf);
    expect(await auditEntries(platform, 'document.downloaded', (await link.getAttribute('href'))!.split('/')[2]!)).toHaveLength(1);

    // An executable named .pdf is refused, saying what it is, and nothing is added.
    await documents
      .getByLabel('Upload a document')
      .setInputFiles({ name: 'Invoice.pdf', mimeType: 'application/pdf', buffer: Buffer.from([0x4d, 0x5a, 0x90, 0, 3, 0]) });
    await documents.getByRole('button', { name: 'Upload', exact: true }).click();
    const refusal = documents.getByRole('alert');
    await expect.poll(() => refusal.count()).toBe(1);
    expect(await refusal.innerText()).toContain('Windows executable');
    expect(await documents.getByTestId('document').count()).toBe(1);
  }, 120_000);

  it('shows the page read-only to someone who sees clients but does not write to them', async () => {
    const clientId = await insertClient(web.platform, { name: 'Read Only Ltd' });
    const page = await web.newPage();
    await web.signIn(page, 'qa');
    await page.goto(`${web.appUrl}/clients/${clientId}`);
    expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Read Only Ltd');
    expect(await page.getByRole('button', { name: 'Add note' }).count()).toBe(0);
    expect(await page.getByLabel('Upload a document').count()).toBe(0);
  }, 60_000);
});
