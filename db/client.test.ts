import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, everyStatementPrepared } from './client.ts';
import { organizations } from './schema/index.ts';

let database: ReturnType<typeof createDb>;
beforeAll(() => {
  database = createDb(inject('databaseUrl'), { max: 1 });
});
afterAll(() => database?.close());

const preparedHere = async (db: Pick<typeof database.db, 'execute'>, text: string) =>
  (await db.execute(sql`select count(*)::int as n from pg_prepared_statements where statement like ${`${text}%`}`))[0]!.n;

it('runs a transaction’s statements as prepared ones, so they go pipelined in one round trip each', async () => {
  const name = `Prepared ${randomUUID()}`;
  await database.db
    .transaction(async (tx) => {
      // Side by side, as the activities send their writes.
      const [[written]] = await Promise.all([
        tx.insert(organizations).values({ name }).returning({ id: organizations.id }),
        tx.select({ id: organizations.id }).from(organizations).where(eq(organizations.name, name)),
      ]);
      expect(written).toBeDefined();
      expect(await preparedHere(tx, 'insert into "organizations"')).toBeGreaterThan(0);
      expect(await preparedHere(tx, 'select "id" from "organizations"')).toBeGreaterThan(0);
      tx.rollback();
    })
    .catch((err: Error) => expect(err.message).toBe('Rollback'));
});

it('leaves a statement outside transactions unprepared unless it asks to be (the inbox caps its prepared forms)', async () => {
  await database.db.select({ timeZone: organizations.timeZone }).from(organizations).where(eq(organizations.id, randomUUID()));
  // One connection: the look-up runs where the statement above ran.
  expect(await preparedHere(database.db, 'select "time_zone" from "organizations"')).toBe(0);
});

it('prepares every statement run through everyStatementPrepared, and hands a transaction back as it is', async () => {
  await everyStatementPrepared(database.db)
    .select({ createdAt: organizations.createdAt })
    .from(organizations)
    .where(eq(organizations.id, randomUUID()));
  expect(await preparedHere(database.db, 'select "created_at" from "organizations"')).toBe(1);
  expect(everyStatementPrepared(database.db)).toBe(everyStatementPrepared(database.db));
  await database.db.transaction(async (tx) => expect(everyStatementPrepared(tx)).toBe(tx));
});
