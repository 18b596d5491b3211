import { NativeConnection } from '@temporalio/worker';
import { createMailer } from '../activities/mailer.ts';
import { loadConfig, requireDatabaseUrl } from '../config.ts';
import { createDb } from '../db/client.ts';
import { bundleWorkflows, createWorker } from './worker.ts';

// The worker process: runs the process workflows and their activities until SIGINT/SIGTERM.
const config = loadConfig();
const database = createDb(requireDatabaseUrl(config));
const mailer = createMailer({ db: database.db, ...config.mail });
const connection = await NativeConnection.connect({ address: config.temporal.address });
try {
  const workflowBundle = await bundleWorkflows();
  const worker = await createWorker({
    workflowBundle,
    connection,
    namespace: config.temporal.namespace,
    taskQueue: config.temporal.taskQueue,
    deps: { db: database.db, mailer, appUrl: config.appUrl },
    payloadKeys: config.temporal.payloadKeys,
  });
  if (!config.temporal.payloadKeys) console.warn('worker: PAYLOAD_KEYS is not set; workflow data goes to Temporal unencrypted');
  console.log(`worker: polling ${config.temporal.address} (${config.temporal.namespace})`);
  await worker.run();
} finally {
  await connection.close();
  mailer.close();
  await database.close();
}
