import Holidays from 'date-holidays';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { holderDepartedSignal } from '../workflows/human-task/messages.ts';
import { startBrowserPlatform, type BrowserPlatform } from './browser-platform.ts';
import { caller, testPassword, type Platform } from './harness.ts';

// The whole product through a real browser (see browser-platform.ts): journeys across the pages.

let web: BrowserPlatform;
let platform: Platform;
let appUrl: string;
let browser: Browser;

beforeAll(async () => {
  web = await startBrowserPlatform();
  ({ platform, appUrl, browser } = web);
});

afterAll(() => web?.stop());

describe('in the browser', () => {
  it('an employee requests leave, the manager approves it from a live inbox, the employee sees balance and e-mail', async () => {
    const managerPage = await web.newPage();
    await web.signIn(managerPage, 'manager');
    await managerPage.goto(`${appUrl}/inbox`);
    await expect.poll(() => managerPage.getByTestId('inbox-task').count()).toBe(0);

    const employeePage = await web.newPage();
    await web.signIn(employeePage, 'employee');
    await employeePage.goto(`${appUrl}/leave/new`);
    const day = platform.workingDayAhead(20);
    await employeePage.getByLabel('Leave type').selectOption('annual');
    await employeePage.getByLabel('Start date').fill(day);
    await employeePage.getByLabel('End date').fill(day);
    await employeePage.getByLabel('Reason').fill('Moving house');
    await expect.poll(() => employeePage.getByText('Working days: 1').count(), { timeout: 10_000 }).toBe(1);
    await expect.poll(() => employeePage.getByText(/25\s*→\s*24/).count()).toBeGreaterThan(0);
    await employeePage.getByRole('button', { name: 'Submit request' }).click();
    await employeePage.waitForURL(/\/leave\/[0-9a-f-]{36}$/);

    // The manager's open inbox shows it without a reload.
    const task = managerPage.getByTestId('inbox-task').filter({ hasText: 'Eve Employee' });
    await task.waitFor({ timeout: 5000 });
    await task.getByRole('link').first().click();
    await managerPage.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await expect.poll(() => managerPage.getByText('Moving house').count()).toBeGreaterThan(0);
    await managerPage.getByLabel('Approve').check();
    await managerPage.getByLabel('Comment').fill('Good luck with the move');
    await managerPage.getByRole('button', { name: 'Submit decision' }).click();
    await managerPage.waitForURL(/\/inbox$/);

    const mail = await platform.mail.waitFor((m) => m.to.includes(web.email('employee')) && m.subject.includes('approved'));
    expect(mail.text).toContain('Good luck with the move');

    await employeePage.goto(`${appUrl}/leave`);
    // Each year's balances stand under its own heading; the leave is charged to the year it starts in.
    const annual = employeePage
      .getByRole('region', { name: day.slice(0, 4), exact: true })
      .getByTestId('leave-balance')
      .filter({ hasText: 'Annual leave' });
    // Allocated 25, taken 1, available 24: the approval moved the ledger.
    await expect.poll(() => annual.innerText()).toMatch(/\b25\s+1\s+24\b/);
    await employeePage.getByTestId('leave-request').first().getByRole('link').first().click();
    await expect.poll(() => employeePage.getByTestId('timeline').textContent()).toMatch(/Mona Manager/);
  });

  it('signs in with an authenticator code once one is set up, and refuses a wrong code', async () => {
    const page = await web.newPage();
    await web.signIn(page, 'qa');
    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.waitForURL(/\/sign-in$/);

    await page.getByLabel('Email').fill(web.email('qa'));
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/sign-in\/two-factor$/);
    await page.getByLabel('Authentication code').fill('000000');
    await page.getByRole('button', { name: 'Verify' }).click();
    await expect.poll(() => page.getByText('Invalid code').count()).toBeGreaterThan(0);
    await web.enterCode(page, 'qa');
    await page.waitForURL((url) => url.pathname === '/inbox');
    await page.goto(`${appUrl}/leave`);
    expect(page.url()).toMatch(/\/leave$/);
  }, 90_000);

  it('locks an account after repeated wrong passwords', async () => {
    const page = await web.newPage();
    for (let i = 0; i < 5; i++) {
      await page.goto(`${appUrl}/sign-in`);
      await page.getByLabel('Email').fill(web.email('finance'));
      await page.getByLabel('Password').fill(`wrong-password-${i}`);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await expect.poll(() => page.getByText(/Invalid email or password|Too many failed sign-ins/).count()).toBeGreaterThan(0);
    }
    await page.goto(`${appUrl}/sign-in`);
    await page.getByLabel('Email').fill(web.email('finance'));
    await page.getByLabel('Password').fill(testPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect.poll(() => page.getByText(/Too many failed sign-ins/).count()).toBeGreaterThan(0);
    expect(page.url()).toMatch(/\/sign-in/);
  });

  it('an admin invites a person, who sets a password and signs in', async () => {
    const admin = await web.newPage();
    await web.signIn(admin, 'admin');
    await admin.goto(`${appUrl}/admin/people`);
    const invited = `browser-newcomer@${platform.slug}.test`;
    await admin.getByLabel('Name', { exact: true }).fill('Bea Browser');
    await admin.getByLabel('Email', { exact: true }).fill(invited);
    await admin.getByLabel('Staff', { exact: true }).check();
    await admin.getByRole('button', { name: 'Send invitation' }).click();
    await expect.poll(() => admin.getByText(`Invitation sent to ${invited}`).count()).toBeGreaterThan(0);

    const mail = await platform.mail.waitFor((m) => m.to.includes(invited));
    const link = /(http\S+\/invitation\/[a-z0-9]+)/.exec(mail.text)![1]!.replace('http://localhost:3000', appUrl);
    const newcomer = await web.newPage();
    await newcomer.goto(link);
    await newcomer.getByLabel('Password').fill('browser-newcomer-1');
    await newcomer.getByRole('button', { name: 'Create account' }).click();
    await newcomer.waitForURL(/\/sign-in/);
    await web.signIn(newcomer, invited, 'browser-newcomer-1');
    await expect.poll(() => newcomer.getByTestId('user-name').textContent()).toContain('Bea Browser');

    await admin.goto(`${appUrl}/admin/people`);
    await expect.poll(() => admin.getByTestId('person-row').filter({ hasText: 'Bea Browser' }).count()).toBe(1);
  }, 90_000);

  it('HR hands a waiting task to someone else from the team tasks, and it moves to their inbox', async () => {
    const lead = await web.newPage();
    await web.signIn(lead, 'lead');
    await web.requestLeave(lead, 'unpaid', platform.workingDayAhead(40), 'Family visit');

    const hr = await web.newPage();
    await web.signIn(hr, 'hr');
    await hr.getByRole('link', { name: 'Team tasks' }).click();
    await hr.waitForURL(/\/inbox\/team$/);
    const task = hr.getByTestId('team-task').filter({ hasText: 'Theo Lead' });
    await web.reloadUntilListed(hr, task);
    await expect.poll(() => task.getByRole('cell').nth(2).innerText()).toBe('Mona Manager');
    await task.getByLabel('Hand to').selectOption({ label: 'Dana Director' });
    await task.getByLabel('Reason').fill('Mona is away');
    await task.getByRole('button', { name: 'Reassign' }).click();
    await expect.poll(() => hr.getByTestId('reassign-result').textContent()).toBe('Reassigned to Dana Director.');
    await expect.poll(() => task.getByRole('cell').nth(2).innerText()).toBe('Dana Director');

    const director = await web.newPage();
    await web.signIn(director, 'director');
    await director.goto(`${appUrl}/inbox`);
    await expect.poll(() => director.getByTestId('inbox-task').filter({ hasText: 'Theo Lead' }).count()).toBe(1);
  }, 90_000);

  it('an admin adds a leave type and fills a year of holidays from the public holiday library', async () => {
    const admin = await web.newPage();
    await web.signIn(admin, 'admin');
    await admin.goto(`${appUrl}/admin/leave-types`);
    await admin.getByLabel('Code', { exact: true }).fill('parental');
    await admin.getByLabel('Name', { exact: true }).fill('Parental leave');
    await admin.getByLabel('Longest request (working days)', { exact: true }).fill('40');
    await admin.getByRole('button', { name: 'Add leave type' }).click();
    const row = admin.getByTestId('leave-type-row').filter({ hasText: 'Parental leave' });
    await expect.poll(() => row.innerText()).toMatch(/parental\s+Yes\s+Yes\s+40 days\s+Active/);
    // A refusal names its field and keeps what was typed.
    await admin.getByLabel('Code', { exact: true }).fill('parental');
    await admin.getByLabel('Name', { exact: true }).fill('Parental leave again');
    await admin.getByRole('button', { name: 'Add leave type' }).click();
    await expect.poll(() => admin.locator('#new-code-error').innerText()).toBe('already exists');
    await expect.poll(() => admin.getByLabel('Name', { exact: true }).inputValue()).toBe('Parental leave again');

    // A year the seed left empty, whenever this runs.
    const year = new Date().getUTCFullYear() + 3;
    await admin.goto(`${appUrl}/admin/holidays?year=${year}`);
    await expect.poll(() => admin.getByTestId('no-holidays').count()).toBe(1);
    await admin.getByLabel('Country').selectOption('FR');
    await admin.getByRole('button', { name: 'Save', exact: true }).click();
    await expect.poll(() => admin.getByLabel('Region of France').count()).toBe(1);
    await admin.getByRole('button', { name: `Fill ${year} from the public holidays` }).click();
    const expected = new Set(
      new Holidays('FR')
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => h.date.slice(0, 10)),
    );
    await expect.poll(() => admin.getByTestId('holiday-row').count()).toBe(expected.size);
    await expect.poll(() => admin.getByRole('status').innerText()).toBe(`${expected.size} public holidays added.`);
  });
  it('a task nobody holds waits in its queue, a process owner claims it, and it leaves a second owner’s open inbox without a reload', async () => {
    // The director's leave goes to HR; with HR gone nobody up the line can take it, so it waits for the process owners.
    const director = await web.newPage();
    await web.signIn(director, 'director');
    const requestId = await web.requestLeave(director, 'unpaid', platform.workingDayAhead(60), 'Board retreat');
    const approval = await web.approvalTaskOf(requestId);
    expect(approval.assigneeId).toBe(platform.org.people.hr.id);
    // What deactivating HR's only person tells the workflow.
    await platform.temporal.workflow.getHandle(approval.workflowId).signal(holderDepartedSignal, { userId: platform.org.people.hr.id });

    const owner = await web.newPage();
    await web.signIn(owner, 'admin');
    await owner.goto(`${appUrl}/inbox`);
    const queued = owner.getByTestId('inbox-task').filter({ hasText: 'Dana Director' });
    await web.reloadUntilListed(owner, queued);
    expect(await queued.innerText()).toContain('Queued: Process owners');

    // A second process owner (Sue, for this test; Finn's account is locked by a test above) has the
    // same queue open in a session of their own.
    const { sql } = platform.database;
    const secondOwner = platform.org.people['support-manager'].id;
    await sql`update users set roles = array_append(roles, 'process_owner') where id = ${secondOwner}`;
    const watcher = await web.pageOf('support-manager');
    try {
      await watcher.goto(`${appUrl}/inbox`);
      const watched = watcher.getByTestId('inbox-task').filter({ hasText: 'Dana Director' });
      await web.reloadUntilListed(watcher, watched);
      const queueLink = watcher.getByRole('navigation', { name: 'Queues' }).getByRole('link', { name: /^Process owners/ });
      const queueCount = async () => ((await queueLink.count()) === 0 ? 0 : Number(/(\d+)\s*$/.exec(await queueLink.innerText())?.[1]));
      const waitingBefore = await queueCount();
      expect(waitingBefore).toBeGreaterThan(0);
      // Set on this very document: still there afterwards means the page was never reloaded.
      await watcher.evaluate(() => Object.assign(globalThis, { watchedSinceBefore: true }));

      await queued.getByRole('link').first().click();
      await owner.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
      await expect.poll(() => owner.getByTestId('task-meta').innerText()).toContain('Waiting in Process owners');
      await owner.getByRole('button', { name: 'Claim task' }).click();
      await expect.poll(() => owner.getByTestId('task-action-result').textContent()).toBe('You hold this task now.');

      await expect.poll(() => watched.count()).toBe(0);
      await expect.poll(queueCount).toBe(waitingBefore - 1);
      expect(await watcher.evaluate(() => 'watchedSinceBefore' in globalThis)).toBe(true);
    } finally {
      await sql`update users set roles = array_remove(roles, 'process_owner') where id = ${secondOwner}`;
    }
    await owner.waitForURL(/\/inbox\/[0-9a-f-]{36}$/);
    await expect.poll(() => owner.getByTestId('task-meta').innerText()).toContain('Held by Ada Admin');
    await expect.poll(() => owner.getByTestId('timeline').innerText()).toMatch(/Released[\s\S]*Claimed/);
    await owner.getByLabel('Approve').check();
    await owner.getByRole('button', { name: 'Submit decision' }).click();
    await owner.waitForURL(/\/inbox$/);

    await director.goto(`${appUrl}/leave/${requestId}`);
    await expect.poll(() => director.getByTestId('status').first().textContent()).toBe('Approved');
  }, 120_000);

  it('a mention made in the manager’s session reaches HR’s open bell without a reload, and HR reads it with the keyboard', async () => {
    const employee = await web.newPage();
    await web.signIn(employee, 'employee');
    const requestId = await web.requestLeave(employee, 'unpaid', platform.workingDayAhead(70), 'Dentist');
    const approval = await web.approvalTaskOf(requestId);
    const manager = await web.newPage();
    await web.signIn(manager, 'manager');
    // The task page has no delegation form yet: the manager asks HR for help through the API, with the same session.
    const session = (await manager.context().cookies()).find((c) => c.name === 'session')!;
    const managerApi = caller(platform, `session=${session.value}`);
    expect((await managerApi.post(`/tasks/${approval.id}/delegate`, { assigneeId: platform.org.people.hr.id })).status).toBe(200);

    const hr = await web.newPage();
    await web.signIn(hr, 'hr');
    await hr.goto(`${appUrl}/inbox`);
    const badge = hr.getByTestId('unread-notification-count');
    const shown = async () => ((await badge.count()) === 0 ? 0 : Number.parseInt(await badge.innerText(), 10));
    const hrApi = caller(platform, `session=${(await hr.context().cookies()).find((c) => c.name === 'session')!.value}`);
    const before = (await hrApi.get('/notifications/count')).body.unread as number;
    await expect.poll(shown).toBe(before);
    await hr.evaluate(() => Object.assign(globalThis, { stillTheSamePage: true }));

    await manager.goto(`${appUrl}/inbox/${approval.id}`);
    // Chosen again until the page has hydrated: a choice made in the server's HTML before the script
    // ran is not the component's state, and its button stays disabled.
    const insertMention = manager.getByRole('button', { name: 'Insert mention' });
    await expect
      .poll(async () => {
        await manager.getByLabel('Mention').selectOption({ label: 'Hana Hr' });
        return insertMention.isEnabled();
      })
      .toBe(true);
    await insertMention.click();
    await manager.getByLabel('Message').pressSequentially('can you confirm the dates?');
    await manager.getByLabel('Attach files').setInputFiles({ name: 'dates.txt', mimeType: 'text/plain', buffer: Buffer.from('2 days\n') });
    await manager.getByRole('button', { name: 'Post message' }).click();
    const comment = manager.getByTestId('task-comment');
    await expect.poll(() => comment.innerText()).toMatch(/@Hana Hr can you confirm the dates\?/);
    const download = await manager.request.get(
      await comment
        .getByRole('link', { name: 'dates.txt' })
        .getAttribute('href')
        .then((h) => `${appUrl}${h}`),
    );
    expect(download.headers()).toMatchObject({ 'content-type': 'text/plain; charset=utf-8', 'x-content-type-options': 'nosniff' });
    expect(download.headers()['content-disposition']).toMatch(/^attachment; filename="dates.txt"/);

    // HR's page hears of it live, and a screen reader hears the new number.
    await expect.poll(shown, { timeout: 5000 }).toBe(before + 1);
    await expect.poll(() => hr.getByTestId('notification-announcement').innerText()).toBe(`${before + 1} unread notifications`);
    expect(await hr.evaluate(() => 'stillTheSamePage' in globalThis)).toBe(true);

    await hr.getByTestId('notification-bell').focus();
    await hr.keyboard.press('Enter');
    await hr.waitForURL(/\/notifications$/);
    const notice = hr.getByTestId('notification').filter({ hasText: 'You were mentioned' });
    await expect.poll(() => notice.innerText()).toContain('Mona Manager');
    await notice.getByRole('button', { name: /Mark as read/ }).focus();
    await hr.keyboard.press('Enter');
    // The form posts and the page reloads its data: seconds on a loaded machine.
    await expect.poll(shown, { timeout: 10_000 }).toBe(before);
    await expect.poll(() => notice.getByRole('button', { name: /Mark as read/ }).count()).toBe(0);
  }, 150_000);

  it('out of office: a manager on approved leave is stood in for, the stand-in sees why, and the task returns when the manager is back', async () => {
    const managerName = platform.org.people.manager.name;
    const manager = await web.newPage();
    await web.signIn(manager, 'manager');
    // Today and two working days more, whatever today is: the span always holds working days.
    await manager.goto(`${appUrl}/leave/new`);
    await manager.getByLabel('Leave type').selectOption('unpaid');
    await manager.getByLabel('Start date').fill(platform.today);
    await manager.getByLabel('End date').fill(platform.workingDayAhead(2));
    await manager.getByLabel('Reason').fill('Away for a few days');
    await manager.getByRole('button', { name: 'Submit request' }).click();
    await manager.waitForURL(/\/leave\/[0-9a-f-]{36}$/);
    const ownRequest = new URL(manager.url()).pathname.split('/').pop()!;

    const director = await web.newPage();
    await web.signIn(director, 'director');
    const ownApproval = await web.approvalTaskOf(ownRequest);
    await director.goto(`${appUrl}/inbox/${ownApproval.id}`);
    await director.getByLabel('Approve').check();
    await director.getByRole('button', { name: 'Submit decision' }).click();
    await director.waitForURL(/\/inbox$/);
    await manager.goto(`${appUrl}/account/away`);
    await expect
      .poll(async () => (await manager.reload(), manager.getByTestId('away-status').innerText()), { timeout: 15_000 })
      .toMatch(/You are away until/);

    const employee = await web.newPage();
    await web.signIn(employee, 'employee');
    const requestId = await web.requestLeave(employee, 'unpaid', platform.workingDayAhead(45), 'While the manager is away');
    const approval = await web.approvalTaskOf(requestId);
    expect(approval.assigneeId).toBe(platform.org.people.director.id);
    await director.goto(`${appUrl}/inbox`);
    // This request's row, whatever else the inbox holds from other tests.
    const rowOf = (page: Page) => page.getByTestId('inbox-task').filter({ has: page.locator(`a[href="/inbox/${approval.id}"]`) });
    await web.reloadUntilListed(director, rowOf(director));
    expect(await rowOf(director).innerText()).toContain(`Standing in for ${managerName}, who is away`);

    // Back early: the manager ends the absence on the out-of-office page, and the task is theirs again.
    await manager
      .getByRole('button', { name: /I am back/ })
      .first()
      .click();
    await expect.poll(() => manager.getByText('Welcome back').count()).toBeGreaterThan(0);
    await manager.goto(`${appUrl}/inbox`);
    await web.reloadUntilListed(manager, rowOf(manager));
    await expect.poll(async () => (await web.approvalTaskOf(requestId)).assigneeId).toBe(platform.org.people.manager.id);
  }, 150_000);

  it('keeps a staff member out of the admin pages', async () => {
    const page = await web.newPage();
    await web.signIn(page, 'colleague');
    await expect.poll(() => page.getByRole('link', { name: 'Admin' }).count()).toBe(0);
    const response = await page.goto(`${appUrl}/admin/people`);
    expect(response!.status()).toBe(403);
    await expect.poll(() => page.getByText('You do not have access to this page').count()).toBeGreaterThan(0);
  });
});

describe('the inbox in the browser: bulk decisions and saved views', () => {
  it('a manager approves three requests at once and the page reports the one decided meanwhile as not decided', async () => {
    const colleague = await web.newPage();
    await web.signIn(colleague, 'colleague');
    const reasons = ['Bulk one', 'Bulk two', 'Bulk three'];
    for (const [index, reason] of reasons.entries())
      await web.requestLeave(colleague, 'unpaid', platform.workingDayAhead(70 + index * 3), reason);

    const context = await browser.newContext();
    const inbox = await context.newPage();
    await web.signIn(inbox, 'manager');
    // This page's live connection is down, so it still lists the task the second tab decides.
    await inbox.route('**/api/events', (route) => route.abort());
    await inbox.goto(`${appUrl}/inbox`);
    const rows = inbox.getByTestId('inbox-task').filter({ hasText: 'Carl Colleague' });
    await expect.poll(async () => (await inbox.reload(), rows.count()), { timeout: 15_000 }).toBe(3);
    for (const row of await rows.all()) await row.getByRole('checkbox', { name: /Select Leave request/ }).check();

    const other = await context.newPage();
    await other.goto(`${appUrl}/inbox`);
    const decidedFirst = other.getByTestId('inbox-task').filter({ hasText: 'Carl Colleague' }).first();
    const decidedTitle = await decidedFirst.getByRole('link').first().innerText();
    await decidedFirst.getByRole('link').first().click();
    await other.getByLabel('Approve').check();
    await other.getByRole('button', { name: 'Submit decision' }).click();
    await other.waitForURL(/\/inbox$/);

    await inbox.getByRole('button', { name: 'Approve selected' }).click();
    const result = inbox.getByTestId('bulk-result');
    await expect.poll(() => result.locator('p').innerText()).toBe('2 of 3 decided.');
    expect(await result.getAttribute('aria-live')).toBe('polite');
    await expect
      .poll(() => result.getByTestId('bulk-result-task').filter({ hasText: 'not decided' }).innerText())
      .toBe(`${decidedTitle}: not decided, it was already decided or withdrawn`);
    expect(
      await result
        .getByTestId('bulk-result-task')
        .filter({ hasText: /: decided$/ })
        .count(),
    ).toBe(2);
    await expect.poll(() => rows.count()).toBe(0);
  }, 120_000);

  it('a saved view shared with the team is opened by a teammate through its link, with its filters', async () => {
    const employee = await web.newPage();
    await web.signIn(employee, 'employee');
    await employee.goto(`${appUrl}/inbox?caseType=leave&priority=high%2Curgent&sort=due`);
    await employee.locator('summary', { hasText: 'Saved views' }).click();
    await employee.getByLabel('Name of the view').fill('Urgent team leave');
    await employee.getByLabel('Share with my team').check();
    await employee.getByRole('button', { name: 'Save view' }).click();
    await expect
      .poll(() => employee.getByTestId('saved-view-result').innerText())
      .toBe('Saved “Urgent team leave”, shared with your team.');
    const link = await employee.getByRole('link', { name: 'Urgent team leave' }).getAttribute('href');
    expect(link).toMatch(/^\/inbox\?view=[0-9a-f-]{36}$/);

    const teammate = await web.newPage();
    await web.signIn(teammate, 'qa');
    await teammate.goto(`${appUrl}${link}`);
    const opened = new URL(teammate.url());
    expect(Object.fromEntries(opened.searchParams)).toEqual({
      caseType: 'leave',
      priority: 'high,urgent',
      sort: 'due',
      view: link!.split('=')[1],
    });
    await expect.poll(() => teammate.getByTestId('current-view').innerText()).toBe('Urgent team leave');
    await teammate.locator('summary', { hasText: 'Saved views' }).click();
    await expect
      .poll(() => teammate.getByTestId('saved-view').filter({ hasText: 'Urgent team leave' }).innerText())
      .toContain('Shared by Eve Employee');
    // Only its owner may delete it.
    expect(
      await teammate
        .getByTestId('saved-view')
        .filter({ hasText: 'Urgent team leave' })
        .getByRole('button', { name: /^Delete/ })
        .count(),
    ).toBe(0);

    const outsider = await web.newPage();
    await web.signIn(outsider, 'agent');
    await outsider.goto(`${appUrl}${link}`);
    await expect.poll(() => outsider.getByText('That saved view is gone, or not shared with you.').count()).toBe(1);
  }, 120_000);
});
