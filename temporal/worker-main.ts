import { NativeConnection, Runtime, type Worker } from '@temporalio/worker';
import { loadServiceConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startMailDispatcher } from '../mail/dispatcher.ts';
import { createTemporalClient } from './client.ts';
import { ensureMissedCheckOutsSchedules } from './attendance-schedules.ts';
import { ensureInboxDigestSchedules } from './inbox-digest-schedules.ts';
import { ensurePayrollSchedules } from './payroll-schedules.ts';
import { createWorker, workflowBundleFor } from './worker.ts';

// The worker process: runs the process workflows and their activities, and sends the outbox's
// e-mail, until SIGINT/SIGTERM, then
// drains: it polls no more and lets the activities in flight finish (config.worker.shutdownGraceMs).
// At start it also keeps each organisation's daily digest and monthly payroll schedules in place (the one place that does).
const config = loadServiceConfig('worker');

// This file owns the signals. The SDK's runtime would also shut the worker down on the first one,
// but then stop listening, so a second signal (Ctrl+C while `npm start` sends SIGTERM) would kill
// the process in the middle of the drain.
Runtime.install({ shutdownSignals: [] });
let worker: Worker | undefined;
let stopRequested = false;
const drain = (signal: NodeJS.Signals) => {
  if (stopRequested) {
    console.log(`worker: ${signal} again; still finishing the running activities`);
    return;
  }
  stopRequested = true;
  console.log(`worker: ${signal}: no new tasks; running activities have ${config.worker.shutdownGraceMs / 1000} s to finish`);
  if (worker?.getState() === 'RUNNING') worker.shutdown();
};
process.on('SIGTERM', drain);
process.on('SIGINT', drain);

const database = createDb(requireDatabaseUrl(config));
const mail = await startMailDispatcher({ sql: database.sql, ...config.mail });
const connection = await NativeConnection.connect({ address: config.temporal.address });
const client = createTemporalClient(config.temporal);
try {
  const { bundle, prebuilt } = await workflowBundleFor(config.worker.workflowBundlePath);
  console.log(prebuilt ? `worker: workflow code from ${config.worker.workflowBundlePath}` : 'worker: workflow code bundled at start');
  worker = await createWorker({
    workflowBundle: bundle,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db: database.db, appUrl: config.appUrl },
    payloadKeys: config.temporal.payloadKeys,
    shutdown: { graceMs: config.worker.shutdownGraceMs, forceMs: config.worker.shutdownForceMs },
  });
  if (!config.temporal.payloadKeys) console.warn('worker: PAYLOAD_KEYS is not set; workflow data goes to Temporal unencrypted');
  if (!stopRequested) console.log(`worker: polling ${config.temporal.address} (${config.temporal.namespace})`);
  const running = worker.run();
  // A signal during start-up: a worker that never ran would keep its hold on the connection.
  if (stopRequested) worker.shutdown();
  // Beside polling, not before it: a failure here is logged, and the worker serves the processes anyway.
  // The organisations are those whose mail this worker sends (MAIL_ORG_IDS), so all of them by default.
  const schedules = ensureInboxDigestSchedules(client, database.db, config.temporal.taskQueue, config.mail.onlyOrgIds).then(
    (changes) =>
      console.log(`worker: daily digest schedules: ${changes.created} created, ${changes.updated} updated, ${changes.unchanged} unchanged`),
    (err: unknown) => console.error(`worker: could not ensure the daily digest schedules: ${String(err)}`),
  );
  const attendanceSchedules = ensureMissedCheckOutsSchedules(client, database.db, config.temporal.taskQueue, config.mail.onlyOrgIds).then(
    (count) => console.log(`worker: missed check-out schedules ensured for ${count} organisations`),
    (err: unknown) => console.error(`worker: could not ensure the missed check-out schedules: ${String(err)}`),
  );
  const payrollSchedules = ensurePayrollSchedules(client, database.db, config.temporal.taskQueue, config.mail.onlyOrgIds).then(
    (changes) =>
      console.log(`worker: payroll schedules: ${changes.created} created, ${changes.updated} updated, ${changes.unchanged} unchanged`),
    (err: unknown) => console.error(`worker: could not ensure the payroll schedules: ${String(err)}`),
  );
  await running;
  await schedules;
  await payrollSchedules;
  await attendanceSchedules;
  console.log('worker: stopped');
} finally {
  await client.connection.close();
  await connection.close();
  await mail.stop();
  await database.close();
}
