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

/** The driver with every statement named (prepared), its transactions' and savepoints' too. */
function preparingAll<T extends postgres.Sql | postgres.TransactionSql>(client: T): T {
  return new Proxy(client, {
    get(target, key, receiver) {
      if (key === 'unsafe') {
        const unsafe: Unsafe = (query, parameters, queryOptions) => target.unsafe(query, parameters, { ...queryOptions, prepare: true });
        return unsafe;
      }
      if (key === 'begin') return beginWith(target as postgres.Sql);
      if (key === 'savepoint') {
        return (fn: (inner: postgres.TransactionSql) => unknown) =>
          (target as postgres.TransactionSql).savepoint((inner) => fn(preparingAll(inner)));
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

/** `begin` whose transaction prepares every statement. */
const beginWith =
  (sql: postgres.Sql) =>
  (...args: unknown[]) => {
    const fn = args.pop() as (tx: postgres.TransactionSql) => unknown;
    return (sql.begin as (...a: unknown[]) => Promise<unknown>)(...args, (tx: postgres.TransactionSql) => fn(preparingAll(tx)));
  };

/**
 * The driver as drizzle sees it, but a transaction's statements are named (prepared) ones.
 * Drizzle runs every statement it did not prepare itself as an unnamed one, and postgres.js sends
 * an unnamed statement with parameters in two round trips (its parameters' types first) and holds
 * back the transaction's next statements until the first is answered: a transaction that sends ten
 * statements side by side waits for twenty round trips, one after the other. A named one, once
 * PostgreSQL knows it on that connection, is one round trip, pipelined with the others. Only in
 * transactions (and where a hot path asks, `everyStatementPrepared`): those are the writes, whose
 * statements come in a few shapes; the reads outside them include the inbox's filters, whose
 * shapes are many and are prepared only up to a cap (api/tasks/read-model.ts). Each connection
 * keeps what it prepared until postgres.js replaces it (within the hour, its max_lifetime).
 */
function preparingInTransactions(sql: postgres.Sql): postgres.Sql {
  return new Proxy(sql, {
    get: (target, key, receiver) => (key === 'begin' ? beginWith(target) : (Reflect.get(target, key, receiver) as unknown)),
  });
}

const everyStatementPreparedHandles = new WeakMap<object, DbOrTx>();

/**
 * The same database, but every statement run through it prepared, as a transaction's are: for a
 * hot path's reads, whose statements come in a few shapes and are made on every request (the
 * approver's search, a request's look-up). A transaction is returned as it is.
 */
export function everyStatementPrepared(db: DbOrTx): DbOrTx {
  const client = (db as Partial<Db>).$client;
  if (!client) return db;
  let prepared = everyStatementPreparedHandles.get(db);
  if (!prepared) {
    prepared = drizzle(preparingAll(client), { schema });
    everyStatementPreparedHandles.set(db, prepared);
  }
  return prepared;
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
