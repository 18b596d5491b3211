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
