import { drizzle, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import type { PgDatabase } from 'drizzle-orm/pg-core';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export function createDb(
  databaseUrl: string,
  options: {
    max?: number;
    /** Sees every statement with its parameters (a benchmark shows their plans). */ debug?: postgres.Options<never>['debug'];
  } = {},
) {
  const sql = postgres(databaseUrl, { max: options.max ?? 10, onnotice: () => {}, debug: options.debug });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

export type Db = ReturnType<typeof createDb>['db'];
/** A database handle or a transaction: query functions take either, so callers choose the transaction. */
export type DbOrTx = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

/**
 * A statement every request runs, built and prepared once per database handle: drizzle builds a
 * query anew each time it is asked (a third of a millisecond for the session look-up), and a
 * prepared one is one round trip, not parsed again, on each connection. Its parameters are
 * placeholders; nothing but the statement is kept.
 */
export function preparedOnce<Prepared>(build: (db: DbOrTx) => Prepared): (db: DbOrTx) => Prepared {
  const built = new WeakMap<DbOrTx, Prepared>();
  return (db) => {
    let prepared = built.get(db);
    if (!prepared) {
      prepared = build(db);
      built.set(db, prepared);
    }
    return prepared;
  };
}
