import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import {
  NativeConnection,
  Worker,
  bundleWorkflowCode,
  type WorkflowBundleOption,
  type WorkflowBundleWithSourceMap,
} from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities/index.ts';
import { payloadDataConverter, type PayloadKeyRing } from './payload-codec.ts';
import { quietDatabaseErrors } from './quiet-database-errors.ts';
import { processTaskQueue } from './task-queues.ts';

export const workflowsPath = fileURLToPath(new URL('../workflows/index.ts', import.meta.url));

export const quietBundlerLogger = {
  log: () => {},
  trace: () => {},
  debug: () => {},
  info: () => {},
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};

/**
 * Every bundle of the workflows preloads them: they are evaluated once in the worker's shared V8
 * context, not again for every workflow started (about fifty modules, a millisecond or two of every
 * submit's wait). That is safe only while they keep no state of their own at module level;
 * workflow-modules.test.ts holds them to it.
 */
const preloadModules = [workflowsPath];

/** Bundling takes seconds: tests and benchmarks bundle once and pass the bundle to every worker. */
export const bundleWorkflows = (): Promise<WorkflowBundleWithSourceMap> =>
  bundleWorkflowCode({ workflowsPath, logger: quietBundlerLogger, preloadModules });

/**
 * The workflow code for a worker: the bundle written at build time (scripts/bundle-workflows.ts, in
 * the image) when `prebuiltPath` names a file, else a fresh bundle of the sources.
 */
export async function workflowBundleFor(prebuiltPath: string | undefined): Promise<{ bundle: WorkflowBundleOption; prebuilt: boolean }> {
  if (prebuiltPath && existsSync(prebuiltPath)) return { bundle: { codePath: prebuiltPath }, prebuilt: true };
  return { bundle: await bundleWorkflows(), prebuilt: false };
}

export interface WorkerOptions {
  connection: NativeConnection;
  namespace: string;
  deps: ActivityDeps;
  /** The same keys as the clients': the worker decrypts what they send and encrypts what it answers. */
  payloadKeys: PayloadKeyRing | null;
  taskQueue?: string;
  workflowBundle?: WorkflowBundleOption;
  identity?: string;
  /** How long running activities may go on after shutdown, and when the worker stops waiting (config.ts). */
  shutdown?: { graceMs: number; forceMs: number };
}

export async function createWorker(options: WorkerOptions): Promise<Worker> {
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue ?? processTaskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath, bundlerOptions: { preloadModules } }),
    activities: createActivities(options.deps),
    dataConverter: payloadDataConverter(options.payloadKeys),
    interceptors: { activity: [quietDatabaseErrors] },
    ...(options.identity ? { identity: options.identity } : {}),
    ...(options.shutdown ? { shutdownGraceTime: options.shutdown.graceMs, shutdownForceTime: options.shutdown.forceMs } : {}),
  });
}
