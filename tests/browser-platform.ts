import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { decodeBase32IgnorePadding } from '@oslojs/encoding';
import { and, eq } from 'drizzle-orm';
import type { Browser, BrowserContextOptions, Locator, Page } from 'playwright-core';
import { expect } from 'vitest';
import { tasks, type TaskRow } from '../db/schema/index.ts';
import { freePort } from '../scripts/free-port.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { launchChromium } from './chromium.ts';
import { eventually, startPlatform, testPassword, totpCode, type Platform } from './harness.ts';

// The whole product for a real browser: Debian's Chromium, the built SvelteKit app, the Hono API
// over HTTP, a worker, PostgreSQL, Temporal and the SMTP sink.

const root = fileURLToPath(new URL('..', import.meta.url));

async function startUi(port: number, apiUrl: string): Promise<ChildProcess> {
  const uiBuild = `${root}ui/build/index.js`;
  if (!existsSync(uiBuild)) throw new Error('ui/build is missing: run `npm run build:ui` (npm test does) first');
  const child = spawn(process.execPath, [uiBuild], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      ORIGIN: `http://127.0.0.1:${port}`,
      API_URL: apiUrl,
      // Node closes an idle connection after 5 s; Chromium keeps one for up to 300 s and may send the
      // next page's request on it just as Node closes it (net::ERR_CONNECTION_RESET on a loaded machine).
      KEEP_ALIVE_TIMEOUT: '310',
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`UI exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening') && resolve());
  });
  return child;
}

export interface BrowserPlatform {
  platform: Platform;
  appUrl: string;
  browser: Browser;
  /** A test person's e-mail address, or the address itself. */
  email(person: string): string;
  /** A page in a browser context of its own: a session of its own. */
  newPage(options?: BrowserContextOptions): Promise<Page>;
  /** Signs in through the pages, enrolling an authenticator on a first sign-in as a new person would. */
  signIn(page: Page, person: string, password?: string): Promise<void>;
  /** The person's signed-in page, the same one for the whole file: a second sign-in would wait for the next code. */
  pageOf(person: string): Promise<Page>;
  /** Types the person's next authenticator code on the second-factor page. */
  enterCode(page: Page, person: string): Promise<void>;
  /** Requests one day of leave through the form; the new request's id. */
  requestLeave(page: Page, leaveType: string, day: string, reason: string): Promise<string>;
  /** The approval task's row of a request, once the workflow has opened it. */
  approvalTaskOf(requestId: string): Promise<TaskRow>;
  /** Reloads until the row is listed once: the workflow opens a task a moment later, and only its holder's page is live. */
  reloadUntilListed(page: Page, row: Locator): Promise<void>;
  stop(): Promise<void>;
}

export async function startBrowserPlatform(): Promise<BrowserPlatform> {
  const platform = await startPlatform({ bundle: await bundleWorkflows() });
  const worker = await platform.startWorker();
  const workerRun = worker.run();
  const apiPort = await freePort();
  const api = serve({ fetch: platform.app.fetch, port: apiPort, hostname: '127.0.0.1' });
  const uiPort = await freePort();
  const appUrl = `http://127.0.0.1:${uiPort}`;
  const ui = await startUi(uiPort, `http://127.0.0.1:${apiPort}`);
  const browser = await launchChromium();

  const email = (person: string) => (person.includes('@') ? person : `${person}@${platform.slug}.test`);
  /** The last 30-second TOTP step each person used: a code works once, so a second sign-in waits for the next. */
  const lastStep = new Map<string, number>();

  async function enrol(page: Page, person: string) {
    await page.waitForURL(/\/account\/two-factor\/setup$/);
    await expect.poll(() => page.getByTestId('totp-qr').locator('svg').count()).toBe(1);
    const key = decodeBase32IgnorePadding((await page.getByTestId('totp-secret').innerText()).replace(/\s+/g, ''));
    platform.totpKeys.set(email(person), key);
    lastStep.set(email(person), Math.floor(Date.now() / 30_000));
    await page.getByLabel('Authentication code').fill(totpCode(key));
    await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
    await expect.poll(() => page.getByTestId('recovery-codes').locator('li').count()).toBe(10);
    await page.getByRole('link', { name: 'Continue' }).click();
  }

  async function enterCode(page: Page, person: string) {
    await page.waitForURL(/\/sign-in\/two-factor$/);
    const key = platform.totpKeys.get(email(person))!;
    while (Math.floor(Date.now() / 30_000) <= (lastStep.get(email(person)) ?? 0)) await new Promise((r) => setTimeout(r, 500));
    lastStep.set(email(person), Math.floor(Date.now() / 30_000));
    await page.getByLabel('Authentication code').fill(totpCode(key));
    await page.getByRole('button', { name: 'Verify' }).click();
  }

  const signedInPages = new Map<string, Page>();

  const web: BrowserPlatform = {
    platform,
    appUrl,
    browser,
    email,
    newPage: async (options) => (await browser.newContext(options)).newPage(),
    async pageOf(person) {
      const known = signedInPages.get(person);
      if (known) return known;
      const page = await web.newPage();
      await web.signIn(page, person);
      signedInPages.set(person, page);
      return page;
    },
    async signIn(page, person, password = testPassword) {
      await page.goto(`${appUrl}/sign-in`);
      await page.getByLabel('Email').fill(email(person));
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Sign in' }).click();
      await page.waitForURL((url) => url.pathname !== '/sign-in');
      if (page.url().endsWith('/account/two-factor/setup')) await enrol(page, person);
      else if (page.url().endsWith('/sign-in/two-factor')) await enterCode(page, person);
      await page.waitForURL((url) => !url.pathname.startsWith('/sign-in') && !url.pathname.startsWith('/account/two-factor'));
    },
    enterCode,
    async requestLeave(page, leaveType, day, reason) {
      await page.goto(`${appUrl}/leave/new`);
      await page.getByLabel('Leave type').selectOption(leaveType);
      await page.getByLabel('Start date').fill(day);
      await page.getByLabel('End date').fill(day);
      await page.getByLabel('Reason').fill(reason);
      await page.getByRole('button', { name: 'Submit request' }).click();
      await page.waitForURL(/\/leave\/[0-9a-f-]{36}$/);
      return new URL(page.url()).pathname.split('/').pop()!;
    },
    approvalTaskOf(requestId) {
      return eventually(async () => {
        const [row] = await platform.database.db
          .select()
          .from(tasks)
          .where(and(eq(tasks.orgId, platform.org.orgId), eq(tasks.caseId, requestId)));
        return row;
      });
    },
    async reloadUntilListed(page, row) {
      await expect
        .poll(
          async () => {
            if ((await row.count()) === 0) await page.reload();
            return row.count();
          },
          { timeout: 15_000 },
        )
        .toBe(1);
    },
    async stop() {
      await browser.close();
      ui.kill();
      api.close();
      worker.shutdown();
      await workerRun;
      await platform.stop();
    },
  };
  return web;
}
