import { sql as drizzleSql, type Placeholder } from 'drizzle-orm';
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
  const db = drizzle(preparingInTransactions(sql), { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}

type Unsafe = postgres.Sql['unsafe'];

/**
 * The driver as drizzle sees it, but a transaction's statements are named (prepared) ones.
 * Drizzle runs every statement it did not prepare itself as an unnamed one, and postgres.js sends
 * an unnamed statement with parameters in two round trips (its parameters' types first) and holds
 * back the transaction's next statements until the first is answered: a transaction that sends ten
 * statements side by side waits for twenty round trips, one after the other. A named one, once
 * PostgreSQL knows it on that connection, is one round trip, pipelined with the others. Only in
 * transactions: those are the writes, whose statements come in a few shapes; the reads outside
 * them include the inbox's filters, whose shapes are many and are prepared only up to a cap
 * (api/tasks/read-model.ts). Each connection keeps what it prepared until postgres.js replaces it
 * (within the hour, its max_lifetime).
 */
function preparingInTransactions(sql: postgres.Sql): postgres.Sql {
  const preparing = <T extends postgres.Sql | postgres.TransactionSql>(tx: T): T =>
    new Proxy(tx, {
      get(target, key, receiver) {
        if (key === 'unsafe') {
          const unsafe: Unsafe = (query, parameters, queryOptions) => target.unsafe(query, parameters, { ...queryOptions, prepare: true });
          return unsafe;
        }
        if (key === 'savepoint') {
          return (fn: (inner: postgres.TransactionSql) => unknown) =>
            (target as postgres.TransactionSql).savepoint((inner) => fn(preparing(inner)));
        }
        return Reflect.get(target, key, receiver) as unknown;
      },
    });
  return new Proxy(sql, {
    get(target, key, receiver) {
      if (key === 'begin') {
        return (...args: unknown[]) => {
          const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
          return (target.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) => fn(preparing(tx)));
        };
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
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
function preparedOnce<Prepared>(build: (db: DbOrTx) => Prepared): (db: DbOrTx) => Prepared {
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

/** Each value a statement takes, or the placeholder that stands for it in the prepared form. */
export type Params<Values> = { [K in keyof Values]: Values[K] | Placeholder<K & string, Values[K]> };

interface BuiltQuery<Row> {
  prepare(name: string): { execute(values: Record<string, unknown>): Promise<Row> };
}

/**
 * A read a hot path makes, built once per handle with placeholders for its values (see
 * preparedOnce) and run with each call's values. A transaction is a handle of its own: there it is
 * built for that transaction and runs on its connection, seeing its writes.
 */
export function preparedRead<Values extends object, Row>(
  name: string,
  build: (db: DbOrTx, params: Params<Values>) => BuiltQuery<Row>,
): (db: DbOrTx, values: Values) => Promise<Row> {
  // Whatever value the build asks for is the placeholder of the same name.
  const placeholders = new Proxy({}, { get: (_none, key) => drizzleSql.placeholder(String(key)) }) as Params<Values>;
  const statement = preparedOnce((db) => build(db, placeholders).prepare(name));
  return (db, values) => statement(db).execute(values as Record<string, unknown>);
}
