import { Kysely, PostgresDialect, SqliteDialect, type SqliteDatabase as KyselySqliteDatabase } from "kysely";
import pg from "pg";
import { env } from "@/lib/config/env";
import { parseDatabaseUrl, type Backend } from "./databaseUrl";
import type { Database } from "./schema";
import { sqlite, type SqliteDatabase } from "./sqlite";
import { StorableTextPlugin } from "./storableTextPlugin";

/**
 * The one async data layer: a Kysely instance per DATABASE_URL and process (a global singleton,
 * like the Prisma client, so Next's dev reloads do not leak pools). `file:` runs on SQLite through
 * the process's better-sqlite3 connection (lib/db/sqlite.ts, shared with the synchronous code
 * still using it, so the two never wait on each other's locks); `postgres(ql)://` on a `pg` pool.
 * Dialect differences live in lib/db/dialect.ts.
 *
 * While both kinds of code run on SQLite, synchronous better-sqlite3 work that runs between the
 * awaits of an open Kysely transaction joins that transaction (better-sqlite3 nests it as a
 * savepoint): keep a Kysely transaction's body to its own queries.
 */
export type DataLayer = Kysely<Database>;

const globalForDb = globalThis as unknown as { loupeDatabases?: Map<string, DataLayer>; loupeLayerUrls?: WeakMap<object, string> };

/**
 * The URL each data layer was created for, keyed by its adapter (which a Kysely instance shares
 * with its transactions), on the global like the instances: `npm start` creates the first layer
 * in its own module graph (tsx) and Next's bundle asks about it from another, with its own copies
 * of this module and of Kysely's classes (so no `instanceof`).
 */
function layerUrls(): WeakMap<object, string> {
  return (globalForDb.loupeLayerUrls ??= new WeakMap());
}

function urlOf(layer: Kysely<Database>): string | undefined {
  return layerUrls().get(layer.getExecutor().adapter);
}

export interface DataLayerOptions {
  /**
   * Bind strings exactly as given, NUL included (db:copy only, which copies SQLite rows stored
   * before NUL was mapped and counts what PostgreSQL needs replaced). Every other caller gets
   * storableText on every bound string (lib/db/storableTextPlugin.ts). On SQLite both layers of
   * one file share its connection: use one at a time.
   */
  keepNul?: boolean;
}

export function db(databaseUrl: string = env().DATABASE_URL, options: DataLayerOptions = {}): DataLayer {
  globalForDb.loupeDatabases ??= new Map();
  const key = options.keepNul ? `keep-nul:${databaseUrl}` : databaseUrl;
  let instance = globalForDb.loupeDatabases.get(key);
  if (!instance) {
    instance = createDataLayer(databaseUrl, options);
    globalForDb.loupeDatabases.set(key, instance);
  }
  return instance;
}

/** Which database the configured DATABASE_URL selects (the dialect helpers need it). */
export function backend(databaseUrl: string = env().DATABASE_URL): Backend {
  return parseDatabaseUrl(databaseUrl).backend;
}

/** Which database a data layer (or a transaction on it) runs on; unknown layers: DATABASE_URL's. */
export function backendOf(layer: Kysely<Database>): Backend {
  const url = urlOf(layer);
  return url ? parseDatabaseUrl(url).backend : backend();
}

/**
 * The better-sqlite3 connection under a SQLite data layer, for the one hot path that measurably
 * needs hand-prepared statements (the ingest writer, lib/db/ingestWriter.ts).
 */
export function sqliteConnectionOf(layer: DataLayer): SqliteDatabase {
  const url = urlOf(layer);
  if (!url || parseDatabaseUrl(url).backend !== "sqlite") throw new Error("not a SQLite data layer");
  return sqlite(url);
}

/** Ends every pool (tests, scripts that must exit). SQLite connections are closed by closeSqlite(). */
export async function closeDatabases(): Promise<void> {
  const instances = [...(globalForDb.loupeDatabases?.values() ?? [])];
  globalForDb.loupeDatabases?.clear();
  await Promise.all(instances.map((instance) => instance.destroy()));
}

export function createDataLayer(databaseUrl: string, options: DataLayerOptions = {}): DataLayer {
  const target = parseDatabaseUrl(databaseUrl);
  const plugins = options.keepNul ? [] : [new StorableTextPlugin()];
  const instance =
    target.backend === "sqlite"
      ? new Kysely<Database>({ dialect: new SqliteDialect({ database: sharedSqlite(databaseUrl) }), plugins })
      : new Kysely<Database>({ dialect: new PostgresDialect({ pool: postgresPool(target.url, target.where) }), plugins });
  layerUrls().set(instance.getExecutor().adapter, databaseUrl);
  return instance;
}

function postgresPool(url: string, where: string): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, types: PG_TYPES, max: 10, connectionTimeoutMillis: 10_000 });
  // An idle connection dropped by the server must not crash the process; the pool replaces it.
  pool.on("error", (error) => console.error(`PostgreSQL (${where}): ${error.message}`));
  return pool;
}

/**
 * Kysely's view of the shared better-sqlite3 connection: looked up per statement (so a closed
 * and reopened connection is picked up), booleans bound as 0/1 (better-sqlite3 rejects them),
 * and close() left to lib/db/sqlite.ts, which owns the connection.
 */
function sharedSqlite(databaseUrl: string): KyselySqliteDatabase {
  const bindable = (parameters: ReadonlyArray<unknown>) =>
    parameters.map((value) => (typeof value === "boolean" ? Number(value) : value));
  return {
    close() {},
    prepare(sqlText) {
      const statement = sqlite(databaseUrl).prepare(sqlText);
      return {
        reader: statement.reader,
        all: (parameters) => statement.all(bindable(parameters)),
        run: (parameters) => statement.run(bindable(parameters)),
        iterate: (parameters) => statement.iterate(bindable(parameters)),
      };
    },
  };
}

/**
 * Result parsing that gives the same JavaScript values as SQLite: bigint (COUNT, SUM, instants)
 * and numeric as numbers (exact below 2^53: ms timestamps and counts are), json/jsonb as their
 * text (callers JSON.parse it as they do on SQLite). bytea stays a Buffer.
 */
const PG_INT8 = 20;
const PG_NUMERIC = 1700;
const PG_JSON = 114;
const PG_JSONB = 3802;
const PG_TYPES: pg.CustomTypesConfig = {
  getTypeParser: ((oid: number, format?: "text" | "binary") => {
    if (oid === PG_INT8 || oid === PG_NUMERIC) return (value: string) => Number(value);
    if (oid === PG_JSON || oid === PG_JSONB) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  }) as pg.CustomTypesConfig["getTypeParser"],
};
