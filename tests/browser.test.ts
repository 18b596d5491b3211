import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Worker } from '@temporalio/worker';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { startPlatform, testPassword, workingDayAhead, type Platform } from './harness.ts';

// The whole product through a real browser: Debian's Chromium, the built SvelteKit app, the Hono
// API over HTTP, a worker, PostgreSQL, Temporal and the SMTP sink.

const root = fileURLToPath(new URL('..', import.meta.url));
let platform: Platform;
let worker: Worker;
let workerRun: Promise<void>;
let api: ServerType;
let ui: ChildProcess;
let appUrl: string;
let browser: Browser;

async function startUi(port: number, apiUrl: string): Promise<ChildProcess> {
  const uiBuild = `${root}ui/build/index.js`;
  if (!existsSync(uiBuild)) throw new Error('ui/build is missing: run `npm run build:ui` (npm test does) first');
  const child = spawn(process.execPath, [uiBuild], {
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ORIGIN: `http://127.0.0.1:${port}`, API_URL: apiUrl },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`UI exited with ${code}`)));
    child.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening') && resolve());
  });
  return child;
}

async function signIn(page: Page, person: string) {
  await page.goto(`${appUrl}/sign-in`);
  await page.getByLabel('Email').fill(`${person}@${platform.slug}.test`);
  await page.getByLabel('Password').fill(testPassword);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/sign-in'));
}

beforeAll(async () => {
  platform = await startPlatform({ bundle: await bundleWorkflows() });
  worker = await platform.startWorker();
  workerRun = worker.run();
  const apiPort = await freePort();
  api = serve({ fetch: platform.app.fetch, port: apiPort, hostname: '127.0.0.1' });
  const uiPort = await freePort();
  appUrl = `http://127.0.0.1:${uiPort}`;
  ui = await startUi(uiPort, `http://127.0.0.1:${apiPort}`);
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
});

afterAll(async () => {
  await browser?.close();
  ui?.kill();
  api?.close();
  worker?.shutdown();
  await workerRun;
  await platform?.stop();
});

describe('in the browser', () => {
  it('an employee requests leave, the manager approves it from a live inbox, the employee sees balance and e-mail', async () => {
    const managerPage = await (await browser.newContext()).newPage();
    await signIn(managerPage, 'manager');
    await managerPage.goto(`${appUrl}/inbox`);
    await expect.poll(() => managerPage.getByTestId('inbox-task').count()).toBe(0);

    const employeePage = await (await browser.newContext()).newPage();
    await signIn(employeePage, 'employee');
    await employeePage.goto(`${appUrl}/leave/new`);
    const day = workingDayAhead(20);
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

    const mail = await platform.mail.waitFor((m) => m.to.includes(`employee@${platform.slug}.test`) && m.subject.includes('approved'));
    expect(mail.text).toContain('Good luck with the move');

    await employeePage.goto(`${appUrl}/leave`);
    const annual = employeePage.getByTestId('leave-balance').filter({ hasText: 'Annual leave' });
    // Allocated 25, taken 1, available 24: the approval moved the ledger.
    await expect.poll(() => annual.innerText()).toMatch(/\b25\s+1\s+24\b/);
    await employeePage.getByTestId('leave-request').first().getByRole('link').first().click();
    await expect.poll(() => employeePage.getByTestId('timeline').textContent()).toMatch(/Mona Manager/);
  });
});
