import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb } from './client.ts';
import { notify } from './notify.ts';

const channel = `test_notify_${randomUUID().replaceAll('-', '')}`;
const heard: string[] = [];
const statements: string[] = [];
let database: ReturnType<typeof createDb>;
let unlisten: () => Promise<void>;

beforeAll(async () => {
  database = createDb(inject('databaseUrl'), { max: 2, debug: (_connection, text) => statements.push(text) });
  ({ unlisten } = await database.sql.listen(channel, (payload) => heard.push(payload)));
});
afterAll(async () => {
  await unlisten?.();
  await database?.close();
});

const until = async (done: () => boolean) => {
  for (let waited = 0; !done() && waited < 5_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
};

it('sends the notifications a transaction asks for side by side as one statement, heard once it commits', async () => {
  heard.length = 0;
  // Quotes, commas, braces and backslashes: what an array literal must escape.
  const payloads = ['{"topic":"tasks","userIds":["a","b"]}', 'with, a comma', 'a "quoted" \\ back\\slash', ''];
  let heardBeforeCommit = -1;
  await database.db.transaction(async (tx) => {
    statements.length = 0;
    await Promise.all(payloads.map((payload) => notify(tx, channel, payload)));
    await new Promise((resolve) => setTimeout(resolve, 50));
    heardBeforeCommit = heard.length;
    expect(statements.filter((s) => s.includes('pg_notify'))).toHaveLength(1);
  });
  await until(() => heard.length === payloads.length);
  expect(heardBeforeCommit).toBe(0);
  expect(heard.sort()).toEqual([...payloads].sort());
});

it('sends a notification asked for after the first statement went in a statement of its own', async () => {
  heard.length = 0;
  await database.db.transaction(async (tx) => {
    statements.length = 0;
    await notify(tx, channel, 'first');
    await notify(tx, channel, 'second');
    expect(statements.filter((s) => s.includes('pg_notify'))).toHaveLength(2);
  });
  await until(() => heard.length === 2);
  expect(heard).toEqual(['first', 'second']);
});

it('sends nothing when the transaction rolls back', async () => {
  heard.length = 0;
  await expect(
    database.db.transaction(async (tx) => {
      await notify(tx, channel, 'rolled back');
      tx.rollback();
    }),
  ).rejects.toThrow('Rollback');
  // A committed one after it: once it is heard, the rolled-back one would have been too.
  await database.db.transaction((tx) => notify(tx, channel, 'committed'));
  await until(() => heard.includes('committed'));
  expect(heard).toEqual(['committed']);
});
