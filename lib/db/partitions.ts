import { sql } from "kysely";
import type { DataLayer } from "./database";
import type { Backend } from "./databaseUrl";

/**
 * Monthly partitions of the time-partitioned tables on PostgreSQL (see the top of
 * prisma/postgresql/schema.prisma): `responses_p2026_11` holds occurred_at in
 * [2026-11-01, 2026-12-01) UTC, and `response_tokens_p2026_11` the same month's token blobs.
 * The app creates them ahead: [now − 1 month, now + 2 months] at start and daily, and any
 * other month on demand before an ingest writes into it (historical data, clocks far off).
 *
 * The DEFAULT partitions (from the migration) are the safety net: a row whose month was not
 * created (a writer that skipped ensurePartitionsFor, another instance whose cache still holds a
 * month retention dropped) is stored there, never refused. Every query still finds it; it is
 * only not pruned, and retention deletes it row by row. Once the DEFAULT partition holds rows of
 * a month, PostgreSQL refuses to create that month's partition (the rows would have to move
 * first): the month then stays in DEFAULT, reported by `skipped`.
 *
 * On SQLite every function here is a no-op.
 */
export const PARTITIONED_TABLES = ["responses", "response_tokens"] as const;
export type PartitionedTable = (typeof PARTITIONED_TABLES)[number];

export const DAY_MS = 86_400_000;

/** Any fixed 64-bit key shared by every Loupe instance ("loupe-part"): partition DDL takes turns. */
const PARTITION_LOCK_KEY = "435761830109300";

/** Start of the UTC month holding `ms`. */
export function monthStart(ms: number): number {
  const date = new Date(ms);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1);
}

/** Start of the UTC month `months` after the one starting at `startMs` (negative: before). */
export function addMonths(startMs: number, months: number): number {
  const date = new Date(startMs);
  return Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + months, 1);
}

/** Every month start from the month of `fromMs` to the month of `toMs`, inclusive. */
export function monthsBetween(fromMs: number, toMs: number): number[] {
  const months: number[] = [];
  for (let m = monthStart(fromMs); m <= toMs; m = addMonths(m, 1)) months.push(m);
  return months;
}

/** `responses_p2026_11`: the table name, the UTC year and the zero-padded month. */
export function partitionName(table: PartitionedTable, monthStartMs: number): string {
  const date = new Date(monthStartMs);
  const year = date.getUTCFullYear();
  if (year < 1000 || year > 9999) throw new RangeError(`no partition for year ${year} (occurred_at ${monthStartMs})`);
  return `${table}_p${year}_${String(date.getUTCMonth() + 1).padStart(2, "0")}`;
}

/** The month start a partition name stands for, or null for a name that is not a monthly partition. */
export function partitionMonth(table: PartitionedTable, name: string): number | null {
  const match = new RegExp(`^${table}_p(\\d{4})_(\\d{2})$`).exec(name);
  if (!match) return null;
  const month = Number(match[2]);
  return month >= 1 && month <= 12 ? Date.UTC(Number(match[1]), month - 1, 1) : null;
}

/** The months ensured ahead at start and daily: from one month ago to two months ahead. */
export function monthsAround(nowMs: number): number[] {
  return monthsBetween(addMonths(monthStart(nowMs), -1), addMonths(monthStart(nowMs), 2));
}

export interface EnsureResult {
  /** Partitions created by this call. */
  created: string[];
  /** Months left in the DEFAULT partition because it already holds rows of them. */
  skipped: string[];
}

/** Per data layer, the months known to have both partitions: an ingest asks without a round trip. */
const knownMonths = new WeakMap<DataLayer, Set<number>>();

/** Forget the cached months (after retention drops partitions, and in tests). */
export function forgetKnownPartitions(db: DataLayer): void {
  knownMonths.delete(db);
}

/** Creates the monthly partitions (both tables) for the given months when missing. */
export async function ensureMonthlyPartitions(db: DataLayer, backend: Backend, months: Iterable<number>): Promise<EnsureResult> {
  const result: EnsureResult = { created: [], skipped: [] };
  if (backend !== "postgres") return result;
  const known = knownMonths.get(db) ?? new Set<number>();
  knownMonths.set(db, known);
  const wanted = [...new Set([...months].map(monthStart))].filter((m) => !known.has(m)).sort((a, b) => a - b);
  for (const month of wanted) {
    const outcome = await ensureMonth(db, month);
    result.created.push(...outcome.created);
    if (outcome.skipped) result.skipped.push(outcome.skipped);
    // A month left in DEFAULT is not retried by every batch (each try scans DEFAULT): a restart retries it.
    known.add(month);
  }
  return result;
}

/** At start and daily: the months around now. */
export function ensurePartitionsAround(db: DataLayer, backend: Backend, nowMs: number = Date.now()): Promise<EnsureResult> {
  return ensureMonthlyPartitions(db, backend, monthsAround(nowMs));
}

/** On demand, months from 20 years back to 1 year ahead get partitions; rows outside go to DEFAULT. */
export const ON_DEMAND_YEARS_BACK = 20;
export const ON_DEMAND_YEARS_AHEAD = 1;

/**
 * Before an ingest writes: the months of its occurred_at values (a batch of historical data
 * from 2024 gets its 2024 months). Cached, so a batch in known months costs nothing. Times
 * outside [now − 20 years, now + 1 year] (a clock or unit error, usually) are stored in DEFAULT
 * instead: each partition is two tables and their indexes, and one bad batch spread over
 * centuries must not create thousands of them.
 */
export function ensurePartitionsFor(db: DataLayer, backend: Backend, occurredAts: Iterable<number>, nowMs: number = Date.now()): Promise<EnsureResult> {
  const earliest = addMonths(monthStart(nowMs), -12 * ON_DEMAND_YEARS_BACK);
  const latest = addMonths(monthStart(nowMs), 12 * ON_DEMAND_YEARS_AHEAD);
  return ensureMonthlyPartitions(db, backend, [...occurredAts].filter((at) => at >= earliest && at < addMonths(latest, 1)));
}

async function ensureMonth(db: DataLayer, month: number): Promise<{ created: string[]; skipped: string | null }> {
  const next = addMonths(month, 1);
  try {
    return await db.transaction().execute(async (trx) => {
      // Instances starting together take turns; each then sees the other's partitions.
      await sql`SELECT pg_advisory_xact_lock(${PARTITION_LOCK_KEY}::bigint)`.execute(trx);
      const created: string[] = [];
      for (const table of PARTITIONED_TABLES) {
        const name = partitionName(table, month);
        const exists = await sql<{ found: string | null }>`SELECT to_regclass(${name})::text AS found`.execute(trx);
        if (exists.rows[0]?.found) continue;
        // Names and bounds are built from numbers and the fixed table list, never from input.
        await sql
          .raw(`CREATE TABLE "${name}" PARTITION OF "${table}" FOR VALUES FROM (${month}) TO (${next})`)
          .execute(trx);
        created.push(name);
      }
      return { created, skipped: null };
    });
  } catch (error) {
    // 23514: the DEFAULT partition already holds rows of this month (see the top of this file).
    if ((error as { code?: string }).code === "23514") {
      console.warn(`partitions: rows of ${partitionName("responses", month).slice("responses_p".length)} are in the DEFAULT partition; that month stays there`);
      return { created: [], skipped: partitionName("responses", month) };
    }
    throw error;
  }
}

/** The monthly partitions of a table that exist, with their month, oldest first. */
export async function listMonthlyPartitions(db: DataLayer, table: PartitionedTable): Promise<Array<{ name: string; month: number }>> {
  const { rows } = await sql<{ name: string }>`
    SELECT c.relname AS name FROM pg_inherits i
    JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent
    JOIN pg_namespace n ON n.oid = p.relnamespace
    WHERE p.relname = ${table} AND n.nspname = current_schema()`.execute(db);
  return rows
    .map((row) => ({ name: row.name, month: partitionMonth(table, row.name) }))
    .filter((p): p is { name: string; month: number } => p.month !== null)
    .sort((a, b) => a.month - b.month);
}

/**
 * Keeps the months around now created: at start and daily (the window reaches two months
 * ahead, so a missed day or two changes nothing). Failures are logged and retried next time.
 */
export function startPartitionMaintenance(db: DataLayer, backend: Backend, intervalMs: number = DAY_MS): () => void {
  if (backend !== "postgres") return () => {};
  const run = () =>
    ensurePartitionsAround(db, backend)
      .then((result) => {
        if (result.created.length > 0) console.log(`partitions: created ${result.created.join(", ")}`);
      })
      .catch((error: unknown) => console.error(`partitions: ${error instanceof Error ? error.message : String(error)}`));
  void run();
  const timer = setInterval(() => void run(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
