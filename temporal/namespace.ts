import { Connection, isGrpcServiceError } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes.js';
import { msToTs } from '@temporalio/common/lib/time.js';
import { caseSearchAttributes } from './search-attributes.ts';

// Closed processes stay in Temporal for a week, long enough for an operator to look into one that
// went wrong; the business record (requests, ledger, audit) lives in PostgreSQL for good.
const retention = msToTs('7 days');
const grpcAlreadyExists = 6;

/** Whether a Temporal frontend answers on `address`. */
export async function frontendAnswers(address: string): Promise<boolean> {
  let connection: Connection | undefined;
  try {
    connection = await Connection.connect({ address, connectTimeout: '1s' });
    await connection.workflowService.getSystemInfo({});
    return true;
  } catch {
    return false;
  } finally {
    await connection?.close();
  }
}

/**
 * Makes `namespace` ready for the platform: registers it when missing (a fresh Temporal server on
 * PostgreSQL has none), then whichever case search attribute it lacks (a database from before an
 * attribute was added would silently lack it; `start-dev` registers its `--search-attribute`s only
 * when it creates the namespace).
 */
export async function prepareNamespace(address: string, namespace: string, log: (msg: string) => void): Promise<void> {
  const connection = await Connection.connect({ address });
  try {
    const created = await registerNamespace(connection, namespace);
    if (created) log(`Registered the Temporal namespace ${namespace}.`);

    const existing = await connection.operatorService.listSearchAttributes({ namespace });
    const registered = new Set(Object.keys(existing.customAttributes ?? {}));
    const missing = caseSearchAttributes.filter((key) => !registered.has(key.name));
    if (missing.length > 0) {
      await connection.operatorService.addSearchAttributes({
        namespace,
        searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
      });
      log(`Registered search attributes ${missing.map((key) => key.name).join(', ')} in the Temporal namespace ${namespace}.`);
    }
    if (created || missing.length > 0) await untilNamespaceServes(connection, namespace);
  } finally {
    await connection.close();
  }
}

/** False when it was there already. */
async function registerNamespace(connection: Connection, namespace: string): Promise<boolean> {
  try {
    await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: retention });
    return true;
  } catch (err) {
    if (isGrpcServiceError(err) && err.code === grpcAlreadyExists) return false;
    throw err;
  }
}

const servesWithin = 30_000;

/**
 * Waits until the frontend's namespace cache holds the namespace and its case attributes. A new
 * namespace or attribute is written at once but reaches that cache only at its next refresh
 * (`system.namespaceCacheRefreshInterval`, 2 s by default): a workflow started before then is
 * refused ("no mapping defined for search attribute CaseType"). A count over every case attribute
 * goes through the same cache, so it succeeds only once a start would too.
 */
async function untilNamespaceServes(connection: Connection, namespace: string): Promise<void> {
  const query = caseSearchAttributes.map((key) => `${key.name} = 'ready'`).join(' and ');
  const deadline = Date.now() + servesWithin;
  for (;;) {
    try {
      await connection.workflowService.countWorkflowExecutions({ namespace, query });
      return;
    } catch (err) {
      if (Date.now() > deadline)
        throw new Error(`The Temporal namespace ${namespace} did not serve its search attributes within ${servesWithin} ms`, {
          cause: err,
        });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}
