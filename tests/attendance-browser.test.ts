import { writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';

// Attendance in a real browser: the employee's page, and HR's import with its preview.

let web: BrowserPlatform;

beforeAll(async () => {
  web = await startBrowserPlatform();
});
afterAll(() => web?.stop());

describe('attendance pages', () => {
  it('an employee checks in and out on their page, with the server’s time', async () => {
    const { platform } = web;
    const page = await web.newPage();
    await web.signIn(page, 'employee');
    await page.getByRole('link', { name: 'Attendance', exact: true }).click();
    await page.waitForURL(/\/attendance$/);
    await page.getByRole('button', { name: 'Check in' }).click();
    await expect.poll(() => page.getByTestId('today-record').innerText()).toMatch(/^Checked in at \d{2}:\d{2}\.$/);
    // The suite's clock stands still: the check-in is moved eight hours back, as if the day had passed.
    await platform.database.sql`
      update attendance_days set check_in_at = check_in_at - interval '8 hours 30 minutes'
      where employee_id = ${platform.org.people.employee.id}`;
    await page.getByRole('button', { name: 'Check out' }).click();
    await expect.poll(() => page.getByTestId('today-record').innerText()).toMatch(/checked out at \d{2}:\d{2}: 8:30 worked\./);
    const row = page.getByTestId('attendance-day').first();
    expect(await row.locator('td').nth(2).innerText()).toBe('8:30');
    expect(await row.locator('td').nth(3).innerText()).toBe('0:30');
    expect(await page.getByRole('button', { name: 'Check in' }).isDisabled()).toBe(true);
  });

  it('HR previews an import with a bad line and its reason, then confirms it', async () => {
    const { platform } = web;
    const file = join(tmpdir(), `attendance-${platform.slug}.csv`);
    // A fixed day well in the past: it stands apart from the other test's check-in.
    const past = '2025-03-03';
    await writeFile(
      file,
      ['employee,date,check_in,check_out', `${web.email('colleague')},${past},08:00,16:30`, `nobody@example.test,${past},08:00,16:30`].join(
        '\n',
      ),
    );
    const page = await web.newPage();
    await web.signIn(page, 'hr');
    await page.goto(`${web.appUrl}/attendance/import`);
    await page.getByLabel('CSV file').setInputFiles(file);
    await page.getByRole('button', { name: 'Preview' }).click();
    await expect.poll(() => page.getByTestId('preview-line').count()).toBe(2);
    const bad = page.locator('[data-testid="preview-line"][data-status="bad"]');
    expect(await bad.innerText()).toMatch(/nobody@example\.test.*No active employee/s);
    expect(await platform.database.sql`select 1 from attendance_days where employee_id = ${platform.org.people.colleague.id}`).toHaveLength(
      0,
    );
    await page.getByRole('button', { name: 'Confirm the import of 1 days' }).click();
    await expect.poll(() => page.getByTestId('import-result').innerText()).toBe('1 days saved.');
    const saved = await platform.database
      .sql`select day::text as day from attendance_days where employee_id = ${platform.org.people.colleague.id}`;
    expect(saved).toEqual([{ day: past }]);
  });
});
