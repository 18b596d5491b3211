import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, expect, inject, it } from 'vitest';
import { createDb, preparedRead, type Params } from './client.ts';
import { organizations } from './schema/index.ts';

let database: ReturnType<typeof createDb>;
beforeAll(() => {
  database = createDb(inject('databaseUrl'), { max: 2 });
});
afterAll(() => database?.close());

const nameOf = preparedRead('test_organization_name', (db, key: Params<{ id: string }>) =>
  db.select({ name: organizations.name }).from(organizations).where(eq(organizations.id, key.id)),
);

it('binds each call’s own values to the statement prepared at the first call', async () => {
  const [first, second] = await database.db
    .insert(organizations)
    .values([{ name: `First ${randomUUID()}` }, { name: `Second ${randomUUID()}` }])
    .returning();
  expect(await nameOf(database.db, { id: first!.id })).toEqual([{ name: first!.name }]);
  expect(await nameOf(database.db, { id: second!.id })).toEqual([{ name: second!.name }]);
  expect(await nameOf(database.db, { id: randomUUID() })).toEqual([]);
});

it('reads inside a transaction on the transaction’s own connection, so it sees what the transaction wrote', async () => {
  const name = `Uncommitted ${randomUUID()}`;
  let id = '';
  const seen: { inside?: unknown; outside?: unknown } = {};
  await expect(
    database.db.transaction(async (tx) => {
      const [written] = await tx.insert(organizations).values({ name }).returning();
      id = written!.id;
      seen.inside = await nameOf(tx, { id });
      seen.outside = await nameOf(database.db, { id });
      tx.rollback();
    }),
  ).rejects.toThrow('Rollback');
  expect(seen).toEqual({ inside: [{ name }], outside: [] });
  expect(await nameOf(database.db, { id })).toEqual([]);
});
