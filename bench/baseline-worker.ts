/**
 * The worker of the bare Temporal workflows (baseline-workflows.ts), a process of its own as the
 * platform's worker is, so both sides of the benchmark run in the same shape. Its activities answer
 * with the instant they started on the machine's monotonic clock, which the benchmark's process
 * reads too. Started by bench/leave.bench.ts with TEMPORAL_ADDRESS, TEMPORAL_NAMESPACE,
 * BASELINE_TASK_QUEUE and PAYLOAD_KEYS; stops on SIGTERM.
 */
import { fileURLToPath } from 'node:url';
import { bundleWorkflowCode, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { parsePayloadKeys, payloadDataConverter } from '../temporal/payload-codec.ts';
import { quietBundlerLogger } from '../temporal/worker.ts';
import type { BaselineActivities } from './baseline-workflows.ts';
import { monotonicMs } from './run-details.ts';

const setting = (name: string): string => {
  const value = process.env[name];
  if (!value) throw new Error(`baseline worker: ${name} is not set`);
  return value;
};

Runtime.install({ shutdownSignals: ['SIGTERM', 'SIGINT'] });
const activities: BaselineActivities = {
  async reachActivity() {
    return monotonicMs();
  },
};
const connection = await NativeConnection.connect({ address: setting('TEMPORAL_ADDRESS') });
try {
  const worker = await Worker.create({
    connection,
    namespace: setting('TEMPORAL_NAMESPACE'),
    taskQueue: setting('BASELINE_TASK_QUEUE'),
    workflowBundle: await bundleWorkflowCode({
      workflowsPath: fileURLToPath(new URL('./baseline-workflows.ts', import.meta.url)),
      logger: quietBundlerLogger,
    }),
    activities,
    // Encrypted as the platform's payloads are, so the ratio compares like with like.
    dataConverter: payloadDataConverter(parsePayloadKeys(setting('PAYLOAD_KEYS'))),
  });
  console.log('baseline worker: polling');
  await worker.run();
} finally {
  await connection.close();
}
