import { sql, type Kysely, type RawBuilder } from "kysely";
import { backendOf } from "./database";
import type { Backend } from "./databaseUrl";
import type { Database } from "./schema";

/**
 * The SQL that differs between SQLite and PostgreSQL, named by what it means. Everything else is
 * written once with Kysely's builder. Instants are Unix ms integers on both (lib/db/schema.ts).
 */
export const HOUR_MS = 3_600_000;

/** Start of the UTC hour holding `column` (integer division: the same on both databases). */
export function hourBucket(column: string): RawBuilder<number> {
  return sql<number>`(${sql.ref(column)} / ${sql.lit(HOUR_MS)}) * ${sql.lit(HOUR_MS)}`;
}

/**
 * Index of the `bucketMs`-wide bucket after `startMs` holding `column`, truncated. Bound numbers
 * are REAL on SQLite (so the quotient is cast), and PostgreSQL's integer cast rounds (so its
 * division stays in bigint, which truncates).
 */
export function bucketIndex(backend: Backend, column: string, startMs: number, bucketMs: number): RawBuilder<number> {
  if (!Number.isSafeInteger(startMs) || !Number.isSafeInteger(bucketMs) || bucketMs <= 0) {
    throw new RangeError(`bucketIndex needs integer ms, got start ${startMs}, width ${bucketMs}`);
  }
  return backend === "postgres"
    ? sql<number>`((${sql.ref(column)} - CAST(${startMs} AS BIGINT)) / CAST(${bucketMs} AS BIGINT))`
    : sql<number>`CAST((${sql.ref(column)} - ${startMs}) / ${bucketMs} AS INTEGER)`;
}

/** The database server's clock in Unix ms: one clock for every app instance (rate limits, leases). */
export function nowMs(backend: Backend): RawBuilder<number> {
  return backend === "postgres"
    ? sql<number>`CAST(FLOOR(EXTRACT(EPOCH FROM clock_timestamp()) * 1000) AS BIGINT)`
    : sql<number>`CAST(unixepoch('subsec') * 1000 AS INTEGER)`;
}

/** The smaller of two numbers (SQLite's two-argument min(), PostgreSQL's LEAST). */
export function smallerOf(backend: Backend, a: RawBuilder<number>, b: RawBuilder<number>): RawBuilder<number> {
  return backend === "postgres" ? sql<number>`LEAST(${a}, ${b})` : sql<number>`min(${a}, ${b})`;
}

/** The larger of two numbers (SQLite's two-argument max(), PostgreSQL's GREATEST). */
export function largerOf(backend: Backend, a: RawBuilder<number>, b: RawBuilder<number>): RawBuilder<number> {
  return backend === "postgres" ? sql<number>`GREATEST(${a}, ${b})` : sql<number>`max(${a}, ${b})`;
}

/** `needle` as a LIKE pattern matching it anywhere, with %, _ and \ taken literally (ESCAPE '\'). */
export function containsPattern(needle: string): string {
  return `%${needle.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}

/**
 * Case-insensitive "column contains needle": LIKE on SQLite (case-insensitive for ASCII),
 * ILIKE on PostgreSQL (which a pg_trgm GIN index can serve).
 */
export function containsIgnoringCase(backend: Backend, column: string, needle: string): RawBuilder<boolean> {
  const operator = backend === "postgres" ? sql`ILIKE` : sql`LIKE`;
  return sql<boolean>`${sql.ref(column)} ${operator} ${containsPattern(needle)} ESCAPE '\\'`;
}

/**
 * `column` for ORDER BY in code-point order on both databases: SQLite's BINARY collation
 * compares UTF-8 bytes (which is code-point order); PostgreSQL sorts by the database's collation,
 * which under a UTF-8 locale (compose.yaml's postgres:17 is en_US.utf8) puts `gpt-4o` before
 * `Mistral` where SQLite puts it after.
 */
export function codePointOrder(backend: Backend, column: string): RawBuilder<string> {
  return backend === "postgres" ? sql<string>`${sql.ref(column)} COLLATE "C"` : sql<string>`${sql.ref(column)}`;
}

/** Bytes as the Buffer both drivers bind as BLOB / bytea, without copying. */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Any number under 2^31: the advisory lock key of exclusiveTransaction on PostgreSQL ("Loup"). */
const EXCLUSIVE_LOCK_KEY = 0x4c6f7570;

/**
 * Runs `work` in a transaction that excludes every other exclusiveTransaction, in this process
 * and in any other app instance on the same database, for check-then-write decisions (the first
 * account, accepting an invitation, the last-admin rule) that must not race:
 * - SQLite: BEGIN IMMEDIATE takes the database's write lock before the first read;
 * - PostgreSQL: a transaction-scoped advisory lock taken as the first statement, so under
 *   READ COMMITTED every later read sees what earlier holders committed. Released at COMMIT/ROLLBACK.
 * `work` must use only the executor it is given (on SQLite it holds the one connection).
 */
export async function exclusiveTransaction<T>(database: Kysely<Database>, work: (trx: Kysely<Database>) => Promise<T>): Promise<T> {
  // The instance's own database, not DATABASE_URL's: scripts and tests also open other databases.
  if (backendOf(database) === "postgres") {
    return database.transaction().execute(async (trx) => {
      await sql`SELECT pg_advisory_xact_lock(${EXCLUSIVE_LOCK_KEY})`.execute(trx);
      return work(trx);
    });
  }
  return database.connection().execute(async (connection) => {
    await sql`BEGIN IMMEDIATE`.execute(connection);
    try {
      const result = await work(connection);
      await sql`COMMIT`.execute(connection);
      return result;
    } catch (error) {
      await sql`ROLLBACK`.execute(connection);
      throw error;
    }
  });
}

/**
 * The 0-based bin of `column` among `bins` bins of `width` from `min`, truncated toward zero
 * (a hair of slack for values on an edge) and clamped into [0, bins - 1]: out-of-domain values
 * count in the edge bins. SQLite's multi-argument MIN/MAX are PostgreSQL's LEAST/GREATEST, and
 * PostgreSQL's integer cast rounds (so it truncates first).
 */
export function clampedBin(backend: Backend, column: string, min: number, width: number, bins: number): RawBuilder<number> {
  if (!Number.isInteger(bins) || bins < 1 || !(width > 0)) throw new RangeError(`clampedBin needs bins >= 1 and width > 0, got ${bins}, ${width}`);
  const position = sql`(${sql.ref(column)} - ${min}) / ${width} + 1e-9`;
  return backend === "postgres"
    ? sql<number>`CAST(LEAST(GREATEST(TRUNC(${position}), 0), ${sql.lit(bins - 1)}) AS INTEGER)` // clamped before the cast: a huge perplexity must not overflow
    : sql<number>`MIN(MAX(CAST(${position} AS INTEGER), 0), ${sql.lit(bins - 1)})`;
}
