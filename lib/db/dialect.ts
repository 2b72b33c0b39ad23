import { sql, type RawBuilder } from "kysely";
import type { Backend } from "./databaseUrl";

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

/** Bytes as the Buffer both drivers bind as BLOB / bytea, without copying. */
export function blob(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
