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
