import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { caller, signIn, type Platform } from './harness.ts';

// The inbox and a task's page in a real browser (see browser-platform.ts): with the keyboard alone,
// on a phone-size screen, and hearing a colleague's message live. Each test signs in people of its
// own in the browser: a second sign-in of one person would wait for the next authenticator code.

let web: BrowserPlatform;
let platform: Platform;

beforeAll(async () => {
  web = await startBrowserPlatform();
  platform = web.platform;
});

afterAll(() => web?.stop());

let daysAhead = 20;
/** A one-day unpaid leave request by this person, through the API; its approval task's id. */
async function leaveTaskOf(person: string): Promise<string> {
  const day = platform.unusedWorkingDayAhead((daysAhead += 3));
  const requester = await signIn(platform, person);
  const submitted = await requester.post('/leave-requests', { leaveTypeCode: 'unpaid', startDate: day, endDate: day, reason: 'Errands' });
  expect(submitted.status).toBe(201);
  return (await web.approvalTaskOf(submitted.body.leaveRequest.id)).id;
}

const hasFocus = (target: Locator) => target.evaluate((element) => element.matches(':focus'));

/** Presses Tab until `target` has the focus, as someone without a mouse would; fails when it never does. */
async function tabTo(page: Page, target: Locator) {
  for (let presses = 0; presses < 60; presses++) {
    if (await hasFocus(target)) return;
    await page.keyboard.press('Tab');
  }
  throw new Error('Tab never reached the target');
}

const rowOf = (page: Page, taskId: string) => page.getByTestId('inbox-task').filter({ has: page.locator(`a[href="/inbox/${taskId}"]`) });
const pageWidth = (page: Page) => page.locator('html').evaluate((html) => html.scrollWidth);

describe('the inbox with the keyboard alone', () => {
  it('j moves to the second task, Enter opens it, Tab and Enter decide it, and it leaves the inbox', async () => {
    const taskIds = [await leaveTaskOf('colleague'), await leaveTaskOf('colleague')];
    const page = await web.newPage();
    await web.signIn(page, 'manager');
    await page.goto(`${web.appUrl}/inbox`);
    for (const taskId of taskIds) await web.reloadUntilListed(page, rowOf(page, taskId));
    const links = page.getByTestId('inbox-task').locator('a[data-task-link]');

    await tabTo(page, page.getByRole('button', { name: 'Keyboard shortcuts' }));
    await page.keyboard.press('?');
    const help = page.getByTestId('shortcut-help');
    await expect.poll(() => help.isVisible()).toBe(true);
    expect(await help.innerText()).toMatch(/j or ↓\s+Next task/);
    await page.keyboard.press('Escape');
    await expect.poll(() => help.isVisible()).toBe(false);

    // Not while typing: a j or a ? in the search box is typed there.
    const search = page.getByLabel('Search');
    await tabTo(page, search);
    await page.keyboard.type('j?');
    expect(await search.inputValue()).toBe('j?');
    expect(await hasFocus(search)).toBe(true);
    expect(await help.isVisible()).toBe(false);
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Backspace');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('j');
    await expect.poll(() => hasFocus(links.nth(0))).toBe(true);
    await page.keyboard.press('j');
    const second = links.nth(1);
    await expect.poll(() => hasFocus(second)).toBe(true);
    expect(await second.getAttribute('aria-current')).toBe('true');
    expect(await links.nth(0).getAttribute('aria-current')).toBeNull();
    // The focus ring shows where the cursor is.
    expect(await second.evaluate((link) => link.ownerDocument.defaultView!.getComputedStyle(link).outlineStyle)).toBe('solid');
    await page.keyboard.press('ArrowUp');
    await expect.poll(() => hasFocus(links.nth(0))).toBe(true);
    await page.keyboard.press('ArrowDown');
    await expect.poll(() => hasFocus(second)).toBe(true);

    // x selects the task for a decision with others, and says so; a second x takes it out.
    const box = page.getByTestId('inbox-task').nth(1).getByTestId('bulk-select');
    await page.keyboard.press('x');
    await expect.poll(() => box.isChecked()).toBe(true);
    await expect.poll(() => page.getByTestId('task-cursor-status').innerText()).toMatch(/ selected\.$/);
    await page.keyboard.press('x');
    await expect.poll(() => box.isChecked()).toBe(false);

    const opened = (await second.getAttribute('href'))!;
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.appUrl}${opened}`);
    const approve = page.getByLabel('Approve');
    await tabTo(page, approve);
    await page.keyboard.press('Enter');
    await expect.poll(() => approve.isChecked()).toBe(true);

    // c goes to the message box, where a d is typed, not taken; back out, d goes to the decision, which nothing has sent.
    const submit = page.getByRole('button', { name: 'Submit decision' });
    await page.keyboard.press('c');
    const message = page.getByLabel('Message');
    await expect.poll(() => hasFocus(message)).toBe(true);
    await page.keyboard.type('d');
    expect(await message.inputValue()).toBe('d');
    await page.keyboard.press('Shift+Tab');
    await expect.poll(() => hasFocus(submit)).toBe(true);
    await page.keyboard.press('d');
    await expect.poll(() => hasFocus(approve)).toBe(true);
    expect(page.url()).toBe(`${web.appUrl}${opened}`);

    await tabTo(page, submit);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${web.appUrl}/inbox`);
    await expect.poll(() => links.locator(`[href="${opened}"]`).count(), { timeout: 5000 }).toBe(0);
    expect(await page.getByTestId('inbox-done-task').locator(`a[href="${opened}"]`).count()).toBe(1);
    expect(await links.count()).toBeGreaterThan(0);
  }, 120_000);
});

describe('the inbox on a phone-size screen', () => {
  it('at 375×740 nothing is wider than the screen, taps are big enough, and the decision form submits', async () => {
    const taskId = await leaveTaskOf('closer');
    const page = await web.newPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true });
    await web.signIn(page, 'director');
    await page.goto(`${web.appUrl}/inbox`);
    await web.reloadUntilListed(page, rowOf(page, taskId));
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);

    const header = page.locator('header.site-header');
    const taps = [
      ...(await header.getByRole('link').all()),
      ...(await header.getByRole('button').all()),
      page.getByRole('button', { name: 'Apply' }),
      page.getByLabel('Search'),
    ];
    for (const target of taps) {
      const box = (await target.boundingBox())!;
      expect(box.x + box.width, await target.innerText()).toBeLessThanOrEqual(375);
      expect(box.height, await target.innerText()).toBeGreaterThanOrEqual(44);
    }
    // The task's row is a card: its link fits on the screen.
    const link = rowOf(page, taskId).locator('a[data-task-link]');
    const linkBox = (await link.boundingBox())!;
    expect(linkBox.x + linkBox.width).toBeLessThanOrEqual(375);

    await link.tap();
    await page.waitForURL(`${web.appUrl}/inbox/${taskId}`);
    await expect.poll(() => page.getByRole('button', { name: 'Submit decision' }).isVisible()).toBe(true);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
    const approve = page.locator('label[for="decision-approve"]');
    for (const target of [approve, page.getByRole('button', { name: 'Submit decision' })]) {
      expect((await target.boundingBox())!.height).toBeGreaterThanOrEqual(44);
    }
    await approve.tap();
    await page.getByRole('button', { name: 'Submit decision' }).tap();
    await page.waitForURL(`${web.appUrl}/inbox`);
    await expect.poll(() => rowOf(page, taskId).count()).toBe(0);
    expect(await pageWidth(page)).toBeLessThanOrEqual(375);
  }, 120_000);
});

describe('a task’s messages, live', () => {
  it('a message with a file posted in one session appears in another open on the task, without a reload', async () => {
    const taskId = await leaveTaskOf('support-agent');
    const holder = await web.newPage();
    await web.signIn(holder, 'support-manager');
    // Handed to HR for help through the API, with the holder's own session: then HR may see the task too.
    const session = (await holder.context().cookies()).find((c) => c.name === 'session')!;
    const holderApi = caller(platform, `session=${session.value}`);
    expect((await holderApi.post(`/tasks/${taskId}/delegate`, { assigneeId: platform.org.people.hr.id })).status).toBe(200);

    const helper = await web.newPage();
    await web.signIn(helper, 'hr');
    await helper.goto(`${web.appUrl}/inbox/${taskId}`);
    await holder.goto(`${web.appUrl}/inbox/${taskId}`);
    await helper.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));
    expect(await helper.getByTestId('task-comment').count()).toBe(0);

    await holder.getByLabel('Message').fill('The rota has room that week.');
    await holder
      .getByLabel('Attach files')
      .setInputFiles({ name: 'rota.txt', mimeType: 'text/plain', buffer: Buffer.from('Week 12: 3 of 5\n') });
    await holder.getByRole('button', { name: 'Post message' }).click();
    await expect.poll(() => holder.getByTestId('task-comment').count(), { timeout: 10_000 }).toBe(1);

    const heard = helper.getByTestId('task-comment');
    await expect.poll(() => heard.innerText(), { timeout: 5000 }).toContain('The rota has room that week.');
    expect(await heard.innerText()).toContain('Sue Support');
    expect(await heard.getByRole('link', { name: 'rota.txt' }).count()).toBe(1);
    expect(await helper.evaluate(() => 'stillTheSamePage' in globalThis)).toBe(true);
  }, 120_000);
});
