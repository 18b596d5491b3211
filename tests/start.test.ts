import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, rmSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Client, Connection } from '@temporalio/client';
import { afterAll, expect, it, onTestFailed } from 'vitest';
import { freePort, isPortFree } from '../scripts/free-port.ts';
import { processTaskQueue } from '../temporal/task-queues.ts';
import { commandLine, descendantsOf, isRunning, waitFor } from './processes.ts';

// `npm start` as a person runs it, on free ports and a fresh data directory: the worker is killed
// with SIGKILL and comes back while the API keeps answering, and Ctrl+C (SIGINT) then leaves no
// process and no port behind. The UI is built beforehand by `npm test` (start.ts skips a fresh build).

const root = fileURLToPath(new URL('..', import.meta.url));
const portNames = ['PORT', 'API_PORT', 'POSTGRES_PORT', 'TEMPORAL_PORT', 'TEMPORAL_UI_PORT', 'SMTP_PORT', 'MAIL_VIEWER_PORT'] as const;
// What would point start.ts at other services or change how it runs, were it set around the tests.
const platformVariables = /^(DATABASE_URL|TEMPORAL_|SMTP_URL|APP_URL|API_URL|HOST|ORIGIN|SEED_DEMO|TOTP_ENCRYPTION_KEY|NODE_ENV|VITEST)/;

let start: ChildProcess | null = null;
let output = '';
// Not mkdtemp: its 0700 directory would shut out the `postgres` user that runs the server as root.
const dataDir = join(tmpdir(), `platform-start-test-${randomBytes(6).toString('hex')}`);

afterAll(() => {
  // Only when the test failed half-way: take down whatever is left.
  if (start?.pid && isRunning(start.pid)) {
    for (const pid of [start.pid, ...descendantsOf(start.pid)]) process.kill(pid, 'SIGKILL');
  }
  rmSync(dataDir, { recursive: true, force: true });
});

it(
  'restarts a killed worker while the API keeps answering, and leaves no process or port behind on Ctrl+C',
  { timeout: 180_000 },
  async () => {
    onTestFailed(() => console.error(`What start.ts wrote:\n${output}`));
    const ports = await distinctFreePorts(portNames.length);
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !platformVariables.test(name)));
    portNames.forEach((name, i) => (env[name] = String(ports[i])));
    // TEMPORAL_CLI says where the Temporal CLI is, not which server to use.
    if (process.env.TEMPORAL_CLI) env.TEMPORAL_CLI = process.env.TEMPORAL_CLI;
    mkdirSync(dataDir, { recursive: true, mode: 0o755 });
    env.DATA_DIR = dataDir;

    const startProcess = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
      cwd: root,
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    start = startProcess;
    const startPid = startProcess.pid!;
    startProcess.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    startProcess.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => startProcess.once('exit', (code) => resolve(code)));
    const expectOutput = (pattern: RegExp, what: string, timeoutMs = 90_000) =>
      waitFor(
        what,
        () => {
          if (!isRunning(startPid)) throw new Error(`start.ts exited while waiting for ${what}:\n${output}`);
          return pattern.exec(output);
        },
        timeoutMs,
      );

    const api = `http://127.0.0.1:${env.API_PORT}/api`;
    const answers = async (path: string) => (await fetch(`${api}${path}`).catch(() => null))?.status === 200;
    await expectOutput(/start: api started/, 'the API to start');
    await waitFor('the API to answer', () => answers('/health/ready'), 90_000);

    const connection = await Connection.connect({ address: `127.0.0.1:${env.TEMPORAL_PORT}` });
    try {
      const temporalClient = new Client({ connection });
      const polling = async (pid: number) => {
        const { pollers } = await temporalClient.workflowService.describeTaskQueue({
          namespace: 'default',
          // The workflow task queue, where every worker polls.
          taskQueue: { name: processTaskQueue },
        });
        // The SDK's default worker identity.
        return pollers.some((poller) => poller.identity === `${pid}@${hostname()}`);
      };
      const firstWorker = Number((await expectOutput(/start: worker started \(pid (\d+)\)/, 'the worker to start'))[1]);
      const apiPid = Number(/start: api started \(pid (\d+)\)/.exec(output)![1]);
      expect(descendantsOf(startPid)).toEqual(expect.arrayContaining([firstWorker, apiPid]));
      await waitFor('the first worker to poll', () => polling(firstWorker), 90_000);

      // The API answers all along, readiness included: it needs PostgreSQL and Temporal, not the worker.
      const failedAnswers: string[] = [];
      let answered = 0;
      let watching = true;
      const watch = (async () => {
        while (watching) {
          for (const path of ['/health', '/health/ready']) {
            const status = (await fetch(`${api}${path}`).catch(() => null))?.status;
            if (status === 200) answered += 1;
            else failedAnswers.push(`${path}: ${status ?? 'no answer'}`);
          }
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
      })();

      process.kill(firstWorker, 'SIGKILL');
      await expectOutput(/start: worker exited \(SIGKILL\); restarting in 1 s \(restart 1\)/, 'the restart to be logged', 10_000);
      const secondWorker = await waitFor('the worker to start again', () =>
        [...output.matchAll(/start: worker started \(pid (\d+)\)/g)].map((line) => Number(line[1])).find((pid) => pid !== firstWorker),
      );
      await waitFor('the new worker to poll', () => polling(secondWorker), 90_000);
      watching = false;
      await watch;

      expect(failedAnswers).toEqual([]);
      expect(answered).toBeGreaterThan(10);
      expect(isRunning(apiPid)).toBe(true);
      expect(output).not.toMatch(/start: (api|ui) exited/);
    } finally {
      await connection.close();
    }

    // Everything start.ts runs: PostgreSQL (and its own processes), the Temporal server, the worker, the API, the UI.
    const tree = descendantsOf(startPid);
    const commands = tree.map((pid) => commandLine(pid) ?? '');
    for (const part of ['bin/postgres', 'temporal server start-dev', 'worker-main.ts', 'api/server.ts', 'ui/build']) {
      expect(
        commands.some((command) => command.includes(part)),
        part,
      ).toBe(true);
    }

    startProcess.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('start: stopping');
    expect(output).not.toMatch(/did not stop within/);
    await waitFor('every process of the tree to be gone', () => tree.every((pid) => !isRunning(pid)), 10_000).catch(() => {
      throw new Error(`Still running after start.ts exited:\n${tree.filter(isRunning).map(commandLine).join('\n')}`);
    });
    const taken = [];
    for (const [i, port] of ports.entries()) if (!(await isPortFree(port))) taken.push(`${portNames[i]}=${port}`);
    expect(taken).toEqual([]);
  },
);

async function distinctFreePorts(count: number): Promise<number[]> {
  const ports = new Set<number>();
  while (ports.size < count) ports.add(await freePort());
  return [...ports];
}
