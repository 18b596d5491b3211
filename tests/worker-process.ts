import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { inject } from 'vitest';
import { testPayloadKeySet, type Platform } from './harness.ts';

const root = fileURLToPath(new URL('..', import.meta.url));

export interface WorkerProcess {
  child: ChildProcess;
  /** Everything it printed so far, stdout and stderr. */
  output(): string;
}

/**
 * `node --import tsx temporal/worker-main.ts` (as `npm start` and the image run it) on the
 * platform's task queue, with `env` on top; resolves once it polls.
 */
export async function startWorkerProcess(platform: Platform, env: Record<string, string>): Promise<WorkerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'temporal/worker-main.ts'], {
    cwd: root,
    env: {
      ...process.env,
      DATABASE_URL: inject('databaseUrl'),
      TEMPORAL_ADDRESS: inject('temporalAddress'),
      TEMPORAL_TASK_QUEUE: platform.config.temporal.taskQueue,
      SMTP_URL: platform.mail.smtpUrl,
      APP_URL: platform.config.appUrl,
      // The test platform's keys: the process reads and writes the same sealed payloads as its API.
      PAYLOAD_KEYS: testPayloadKeySet,
      // Only this file's organisation: the other files' mail goes to their own sinks.
      MAIL_ORG_IDS: platform.org.orgId,
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  await new Promise<void>((resolve, reject) => {
    const polling = () => {
      if (output.includes('worker: polling')) resolve();
    };
    child.stdout!.on('data', polling);
    child.stderr!.on('data', polling);
    child.once('exit', (code) => reject(new Error(`worker process exited (${code}) before polling:\n${output}`)));
  });
  return { child, output: () => output };
}
