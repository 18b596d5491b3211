import type { Page, Response } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { insertReportDataSet } from './engagement-report-data.ts';

// The engagement reports page in a real browser (see browser-platform.ts), over the data set the
// API's test works out by hand (tests/engagement-reports.test.ts): every chart drawn with its table
// and its CSV link, the filters kept in the link, and a refused filter shown at its field.

let web: BrowserPlatform;

beforeAll(async () => {
  web = await startBrowserPlatform();
  const { platform } = web;
  await insertReportDataSet(platform.database.db, platform.org.orgId, platform.org.people.agent.id, platform.now());
});

afterAll(() => web?.stop());

const charts = ['conversion-stage', 'conversion-source', 'cycle-times', 'sla-stage', 'sla-department', 'won-value'];

async function open(page: Page, query = ''): Promise<Response> {
  const response = await page.goto(`${web.appUrl}/engagements/reports${query}`);
  expect(response!.status()).toBeLessThan(500);
  return response!;
}

describe('the engagement reports page', () => {
  it('draws every chart as a labelled image with its data table and a CSV link, and filters them all', async () => {
    const page = await web.newPage();
    await web.signIn(page, 'agent');
    await page.goto(`${web.appUrl}/inbox`);
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
    await page.waitForURL(/\/engagements\/reports$/);
    expect((await open(page)).status()).toBe(200);

    for (const chart of charts) {
      const section = page.getByTestId(`report-${chart}`);
      const drawing = section.locator('svg[role="img"]').first();
      expect(await drawing.getAttribute('aria-label'), chart).toBeTruthy();
      expect(await drawing.locator('rect > title').count(), chart).toBeGreaterThan(0);
      expect(await section.locator('table tbody tr').count(), chart).toBeGreaterThan(0);
      const csv = section.getByRole('link', { name: /Download CSV/ });
      const download = await page.request.get(new URL((await csv.getAttribute('href'))!, web.appUrl).toString());
      expect({ chart, status: download.status(), type: download.headers()['content-type'] }).toEqual({
        chart,
        status: 200,
        type: 'text/csv; charset=utf-8',
      });
    }
    // The image says its figures in words; its bars say theirs on hover.
    const conversion = page.getByTestId('report-conversion-stage').locator('svg[role="img"]');
    expect(await conversion.getAttribute('aria-label')).toContain('Qualification: 6');
    expect(await conversion.locator('rect > title').first().textContent()).toBe('Qualification: 6');
    // One chart per currency won.
    expect(await page.getByTestId('report-won-value').locator('svg[role="img"]').count()).toBe(2);
    expect(await page.getByTestId('report-won-value').locator('tbody').innerText()).toContain('2026-02');

    await page.getByLabel('Service').selectOption('web');
    await page.getByRole('button', { name: 'Show' }).click();
    await page.waitForURL(/serviceCategory=web/);
    const sources = page.getByTestId('report-conversion-source').locator('tbody tr');
    expect(await sources.count()).toBe(3);
    expect(await page.getByLabel('Service').inputValue()).toBe('web');
    const csvHref = await page
      .getByTestId('report-won-value')
      .getByRole('link', { name: /Download CSV/ })
      .getAttribute('href');
    expect(csvHref).toBe('/engagements/reports/won-value.csv?serviceCategory=web');
    const filtered = await page.request.get(new URL(csvHref!, web.appUrl).toString());
    expect(await filtered.text()).not.toContain('"2026-01"');
  });

  it('shows a refused filter at its field, without a server error', async () => {
    const page = await web.newPage();
    await web.signIn(page, 'closer');
    const response = await open(page, '?from=2026-03-01&to=2026-02-01');
    expect(response.status()).toBe(200);
    await expect.poll(() => page.locator('#to-error').innerText()).toContain('must not be before from');
    expect(await page.locator('svg[role="img"]').count()).toBe(0);
  });

  it('is not offered to people who do not see the pipeline, and refused to them', async () => {
    const page = await web.newPage();
    await web.signIn(page, 'employee');
    expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).count()).toBe(0);
    expect((await open(page)).status()).toBe(403);
  });
});
