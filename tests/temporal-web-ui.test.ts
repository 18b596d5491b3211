import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/free-port.ts';
import { ensureGoProgram, temporalUiServer } from '../temporal/binary.ts';
import { startTemporalDevServer, type TemporalDevServer } from '../temporal/dev-server.ts';
import { spawnService, type ServiceProcess } from '../temporal/service-process.ts';
import { bundleWorkflows } from '../temporal/worker.ts';
import { launchChromium } from './chromium.ts';
import { signIn, startPlatform, type Platform } from './harness.ts';

// The real Temporal Web UI (the dev server's, told the codec endpoint with --ui-codec-endpoint) in
// Debian's Chromium: an operator signed in to the platform reads a leave request's input in clear;
// a staff member's browser gets 403 from the same endpoint and sees only ciphertext. The endpoint is
// reached through the app's own URL, as `npm start` wires it. Then the same with a separate Web UI
// server (`ui-server`, what the Temporal on PostgreSQL launcher and the compose image run), told to send
// credentials in its own configuration, so that nobody sets anything in the browser.

const root = fileURLToPath(new URL('..', import.meta.url));
const reason = `Eye surgery ${crypto.randomUUID().slice(0, 8)}`;
let temporal: TemporalDevServer;
let platform: Platform;
let api: ServerType;
let ui: ChildProcess;
let browser: Browser;
let appUrl: string;
let webUi: string;
let uiServer: ServiceProcess;
let uiServerDir: string;
let separateWebUi: string;
let execution: { workflowId: string; runId: string };

beforeAll(async () => {
  const uiBuild = `${root}ui/build/index.js`;
  if (!existsSync(uiBuild)) throw new Error('ui/build is missing: run `npm run build:ui` (npm test does) first');
  const appPort = await freePort();
  appUrl = `http://localhost:${appPort}`;
  temporal = await startTemporalDevServer({
    port: await freePort(),
    uiPort: await freePort(),
    uiCodecEndpoint: `${appUrl}/api/temporal-codec`,
    log: () => {},
  });
  webUi = temporal.uiUrl!;
  const uiServerPort = await freePort();
  separateWebUi = `http://localhost:${uiServerPort}`;
  uiServerDir = await mkdtemp(join(tmpdir(), 'web-ui-server-'));
  uiServer = await startWebUiServer(uiServerDir, uiServerPort, temporal.address, `${appUrl}/api/temporal-codec`);
  platform = await startPlatform({
    bundle: await bundleWorkflows(),
    env: { TEMPORAL_ADDRESS: temporal.address, TEMPORAL_UI_ORIGINS: `${new URL(webUi).origin},${separateWebUi}`, APP_URL: appUrl },
  });
  const apiPort = await freePort();
  api = serve({ fetch: platform.app.fetch, port: apiPort, hostname: '127.0.0.1' });
  ui = spawn(process.execPath, [uiBuild], {
    env: { ...process.env, PORT: String(appPort), HOST: '127.0.0.1', ORIGIN: appUrl, API_URL: `http://127.0.0.1:${apiPort}` },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  await new Promise<void>((resolve, reject) => {
    ui.once('exit', (code) => reject(new Error(`UI exited with ${code}`)));
    ui.stdout!.on('data', (chunk: Buffer) => chunk.toString().includes('Listening') && resolve());
  });

  const employee = await signIn(platform, 'employee');
  execution = await platform.withWorker(async () => {
    const day = platform.workingDayAhead(30);
    const form = { leaveTypeCode: 'annual', startDate: day, endDate: day, startHalfDay: false, endHalfDay: false, reason };
    const submitted = await employee.post('/leave-requests', form);
    expect(submitted.status).toBe(201);
    const workflowId = `leave-${submitted.body.leaveRequest.id}`;
    const { runId } = await platform.temporal.workflow.getHandle(workflowId).describe();
    return { workflowId, runId };
  });
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  ui?.kill();
  api?.close();
  await platform?.stop();
  await uiServer?.stop();
  await temporal?.stop();
  if (uiServerDir) await rm(uiServerDir, { recursive: true, force: true });
});

/** ui-server with the settings of its `config/development.yaml` that matter here (JSON is YAML). */
async function startWebUiServer(dir: string, port: number, temporalAddress: string, codecEndpoint: string): Promise<ServiceProcess> {
  const config = {
    temporalGrpcAddress: temporalAddress,
    host: '127.0.0.1',
    port,
    enableUi: true,
    defaultNamespace: 'default',
    notifyOnNewVersion: false,
    hideLogs: true,
    cors: { cookieInsecure: true, allowOrigins: [] },
    codec: { endpoint: codecEndpoint, includeCredentials: true },
  };
  await mkdir(join(dir, 'config'), { recursive: true });
  await writeFile(join(dir, 'config', 'development.yaml'), JSON.stringify(config));
  const server = spawnService(await ensureGoProgram(temporalUiServer, { log: () => {} }), [
    '--root',
    dir,
    '--config',
    'config',
    '--env',
    'development',
    'start',
  ]);
  const answers = () =>
    fetch(`http://127.0.0.1:${port}/healthz`).then(
      (r) => r.ok,
      () => false,
    );
  await server.waitUntil('The Temporal Web UI server', answers, 60_000);
  return server;
}

/**
 * A browser signed in to the app as `person` (the session cookie exactly as the UI sets it), with the
 * Web UI's codec settings as an operator makes them: the endpoint, with cross-origin credentials.
 */
async function webUiPageOf(person: string, options: { codecSettings: boolean } = { codecSettings: true }): Promise<Page> {
  const context = await browser.newContext();
  const token = (await signIn(platform, person)).cookie.replace(/^session=/, '');
  await context.addCookies([{ name: 'session', value: token, url: appUrl, httpOnly: true, secure: true, sameSite: 'Lax' }]);
  // The keys the Web UI keeps its codec settings under in the browser (what its settings dialog writes).
  const settings = { overrideRemoteCodecConfiguration: true, endpoint: `${appUrl}/api/temporal-codec`, includeCredentials: true };
  if (options.codecSettings)
    await context.addInitScript({
      content: `if (location.origin === ${JSON.stringify(new URL(webUi).origin)}) {
      for (const [key, value] of Object.entries(${JSON.stringify(settings)})) localStorage.setItem(key, JSON.stringify(value));
    }`,
    });
  return context.newPage();
}

async function openHistory(page: Page, ui = webUi): Promise<number> {
  const decoded = page.waitForResponse(
    (r) => r.url().startsWith(`${appUrl}/api/temporal-codec/decode`) && r.request().method() === 'POST',
    {
      timeout: 45_000,
    },
  );
  await page.goto(`${ui}/namespaces/default/workflows/${execution.workflowId}/${execution.runId}/history`);
  return (await decoded).status();
}

/** The history page rendered (the workflow id shows) after the refused decode, yet holds no trace of `text`. */
async function expectRenderedWithout(page: Page, text: string) {
  await expect.poll(async () => (await page.content()).includes(execution.workflowId), { timeout: 30_000 }).toBe(true);
  // The Web UI keeps polling a running workflow, so the network never goes idle: give it a moment.
  await page.waitForTimeout(1_000);
  expect(await page.content()).not.toContain(text);
}

describe('the Temporal Web UI with the platform as its codec server', () => {
  it('shows an operator the leave request in clear', async () => {
    const page = await webUiPageOf('operator');
    expect(await openHistory(page)).toBe(200);
    await expect.poll(async () => (await page.content()).includes(reason), { timeout: 30_000 }).toBe(true);
    await page.context().close();
  });

  it("calls the endpoint the dev server was given, but without the operator's setting it sends no cookie", async () => {
    const page = await webUiPageOf('operator', { codecSettings: false });
    expect(await openHistory(page)).toBe(401);
    await expectRenderedWithout(page, reason);
    await page.context().close();
  });

  it('shows staff without the permission only ciphertext', async () => {
    const page = await webUiPageOf('employee');
    expect(await openHistory(page)).toBe(403);
    await expectRenderedWithout(page, reason);
    await page.context().close();
  });
});

describe('a separate Web UI server told to send credentials with its codec calls', () => {
  it('shows an operator the leave request in clear with nothing set in the browser, and staff only ciphertext', async () => {
    const operator = await webUiPageOf('operator', { codecSettings: false });
    expect(await openHistory(operator, separateWebUi)).toBe(200);
    await expect.poll(async () => (await operator.content()).includes(reason), { timeout: 30_000 }).toBe(true);
    await operator.context().close();

    const staff = await webUiPageOf('employee', { codecSettings: false });
    expect(await openHistory(staff, separateWebUi)).toBe(403);
    await expectRenderedWithout(staff, reason);
    await staff.context().close();
  });
});
