import { NativeConnection } from '@temporalio/worker';
import { loadConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from '../db/client.ts';
import { startMailDispatcher } from '../mail/dispatcher.ts';
import { bundleWorkflows, createWorker } from './worker.ts';

// The worker process: runs the process workflows and their activities, and sends the outbox's
// e-mail, until SIGINT/SIGTERM.
const config = loadConfig();
const database = createDb(requireDatabaseUrl(config));
const mail = await startMailDispatcher({ sql: database.sql, ...config.mail });
const connection = await NativeConnection.connect({ address: config.temporal.address });
try {
  const workflowBundle = await bundleWorkflows();
  const worker = await createWorker({
    workflowBundle,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db: database.db, appUrl: config.appUrl },
  });
  console.log(`worker: polling ${config.temporal.address} (${config.temporal.namespace})`);
  await worker.run();
} finally {
  await connection.close();
  await mail.stop();
  await database.close();
}
