import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client.ts';

interface Batch {
  channels: string[];
  payloads: string[];
  sent: Promise<void>;
}

const batches = new WeakMap<DbOrTx, Batch>();

/**
 * Sends a notification on a PostgreSQL channel from the caller's transaction: listeners hear it once
 * the transaction commits, and not at all if it rolls back. The notifications a transaction asks for
 * in one turn (the live-event fan-out, the bell, the outbox's wake-up, issued side by side) go as one
 * statement: on a task's hot path that is two or three round trips fewer. Each caller's promise
 * settles with that statement, so a transaction that awaits its writes never commits before it.
 */
export function notify(tx: DbOrTx, channel: string, payload: string): Promise<void> {
  let batch = batches.get(tx);
  if (!batch) {
    const channels: string[] = [];
    const payloads: string[] = [];
    // After the current turn's microtasks: whatever else the caller sends beside this joins it.
    const sent = new Promise<void>((resolve) => process.nextTick(resolve)).then(async () => {
      batches.delete(tx);
      await tx.execute(
        sql`select pg_notify(n.channel, n.payload) from unnest(${sql.param(channels)}::text[], ${sql.param(payloads)}::text[]) as n(channel, payload)`,
      );
    });
    batch = { channels, payloads, sent };
    batches.set(tx, batch);
  }
  batch.channels.push(channel);
  batch.payloads.push(payload);
  return batch.sent;
}
