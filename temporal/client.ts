import { Client, Connection } from '@temporalio/client';
import { payloadDataConverter, type PayloadKeyRing } from './payload-codec.ts';

/**
 * A lazy connection: the API starts even while Temporal is down, and commands then fail with
 * UNAVAILABLE, which the API answers with 503 rather than hanging or crashing. Every payload it
 * sends is encrypted with the first of `payloadKeys`.
 */
export function createTemporalClient(options: { address: string; namespace: string; payloadKeys: PayloadKeyRing | null }): Client {
  const connection = Connection.lazy({ address: options.address });
  return new Client({ connection, namespace: options.namespace, dataConverter: payloadDataConverter(options.payloadKeys) });
}

/**
 * Resolves once the Temporal frontend answers; rejects once `timeoutMs` has passed, give or take the
 * SDK's retry backoff, so a check never waits for the connection's own much longer timeouts.
 */
export async function pingTemporal(client: Client, timeoutMs: number): Promise<void> {
  await client.connection.withDeadline(Date.now() + timeoutMs, () => client.connection.workflowService.getSystemInfo({}));
}
