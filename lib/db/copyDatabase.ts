import fs from "node:fs";
import { sql, type Kysely, type Transaction } from "kysely";
import { TRIGGER_FILLED_TABLES } from "./backendDifferences";
import { db as dataLayer, type DataLayer } from "./database";
import { parseDatabaseUrl, type Backend, type DatabaseTarget } from "./databaseUrl";
import { describeTables, foreignKeyOrder, idHighWater, setIdHighWater, type TableInfo } from "./introspect";
import { migrate } from "./migrate";
import { migratePostgres } from "./migratePostgres";
import { sqlite } from "./sqlite";
import { storableText } from "./storableText";

/**
 * Copies every table of one Loupe database into another, SQLite or PostgreSQL either way
 * (`npm run db:copy`). The tables are whatever the migrations built (lib/db/introspect.ts), so
 * a table added by a migration is copied without touching this file.
 *
 * - The target is migrated first; the source must have the same tables and columns (the keys may
 *   differ: a partitioned PostgreSQL table has the partition column in its key).
 * - Tables are filled in foreign-key order, each in primary-key order, in batches: one target
 *   transaction per batch writes the rows and the batch's last key into `_loupe_copy`. An
 *   interrupted copy therefore leaves whole batches and a cursor, and the same command resumes
 *   after it, never writing a row twice. A table without a primary key is re-copied whole, in one
 *   transaction.
 * - Values are kept as they are: ids, blob bytes, JSON text (PostgreSQL `jsonb` normalizes it:
 *   key order and spacing, never the value), doubles; booleans become the target's 0/1 or true/false.
 *   Autoincrement counters continue after the source's, so no id the source handed out is reused.
 * - A target holding other data (not a resumable copy of this source) is refused unless `force`,
 *   which empties it first.
 */
export interface CopyOptions {
  from: string;
  to: string;
  /** Empty a target that holds other data (or a copy of another source) and copy anew. */
  force?: boolean;
  /** Rows per batch and transaction (default 500). */
  batchSize?: number;
  /** Stops between batches; the copy then throws an AbortError and can be resumed. */
  signal?: AbortSignal;
  onProgress?: (progress: CopyProgress) => void;
  /**
   * Runs inside each batch's transaction once its rows are written: throwing rolls that batch
   * back and ends the copy as an interruption would (tests interrupt copies with it).
   */
  onBatch?: (table: string, batch: number) => void | Promise<void>;
}

export interface CopyProgress {
  table: string;
  tableIndex: number;
  tableCount: number;
  tableRowsDone: number;
  tableRows: number;
  rowsDone: number;
  rowsTotal: number;
}

export interface CopyResult {
  tables: Array<{ name: string; rows: number }>;
  /** Rows written by this run (a resumed run writes only what was missing). */
  rowsWritten: number;
  outcome: "copied" | "resumed" | "already-complete";
  /** Text values written to PostgreSQL with U+0000 replaced by U+FFFD (this run's). */
  nulsReplaced: number;
}

/** A copy that cannot start as asked (same database, non-empty target, schemas differ…). */
export class CopyRefusedError extends Error {
  override name = "CopyRefusedError";
}

export const DEFAULT_BATCH_SIZE = 500;
/** Bound parameters per INSERT, under SQLite's 32766 and PostgreSQL's 65535. */
const MAX_PARAMETERS = 30_000;
const MARKER_TABLE = "_loupe_copy";
const MARKER_DDL = `CREATE TABLE IF NOT EXISTS "${MARKER_TABLE}" (
  "table_name" TEXT NOT NULL PRIMARY KEY,
  "source_id" TEXT NOT NULL,
  "source" TEXT NOT NULL,
  "last_key" TEXT,
  "rows_copied" BIGINT NOT NULL,
  "started_at" BIGINT NOT NULL,
  "finished_at" BIGINT
)`;

/** Dynamic table names: rows are plain column -> value records here. */
type Rows = Record<string, Record<string, unknown>>;
type Loose = Kysely<Rows>;
type Row = Record<string, unknown>;

interface MarkerRow { table_name: string; source_id: string; last_key: string | null; rows_copied: number; finished_at: number | null }

/** One end of the copy: `layer` for the typed helpers, `db` for this file's dynamic table names. */
interface Side { target: DatabaseTarget; backend: Backend; layer: DataLayer; db: Loose }

/** One table as each side describes it: read in the source's key order, written as the target's columns. */
interface TablePair { name: string; source: TableInfo; target: TableInfo }

export async function copyDatabase(options: CopyOptions): Promise<CopyResult> {
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new CopyRefusedError(`batch size must be a positive integer, got ${batchSize}`);
  const from = open(options.from, "source");
  const to = open(options.to, "target");
  if (sameDatabase(from.target, to.target)) throw new CopyRefusedError(`--from and --to are the same database (${describe(from.target)})`);

  const sourceId = await sourceIdentity(from);
  if (to.backend === "sqlite") migrate(sqlite(to.target.url));
  else await migratePostgres(to.layer);
  const tables = await matchingSchemas(from, to);

  const start = await prepareTarget(to, tables, sourceId, describe(from.target), options.force ?? false);
  if (start === "already-complete") {
    const counts = await Promise.all(tables.map(async (t) => ({ name: t.name, rows: await countRows(to.db, t.name) })));
    return { tables: counts, rowsWritten: 0, outcome: "already-complete", nulsReplaced: 0 };
  }

  const totals = await Promise.all(tables.map((t) => countRows(from.db, t.name)));
  const rowsTotal = totals.reduce((sum, n) => sum + n, 0);
  const markers = new Map((await readMarkers(to.db)).map((m) => [m.table_name, m]));
  let rowsDone = [...markers.values()].reduce((sum, m) => sum + Number(m.rows_copied), 0);
  let rowsWritten = 0;
  let nulsReplaced = 0;

  for (const [index, table] of tables.entries()) {
    const marker = markers.get(table.name);
    if (marker?.finished_at != null) continue;
    const tableRows = totals[index] ?? 0;
    let tableRowsDone = Number(marker?.rows_copied ?? 0);
    const report = () =>
      options.onProgress?.({ table: table.name, tableIndex: index, tableCount: tables.length, tableRowsDone, tableRows, rowsDone, rowsTotal });
    report();
    const written = await copyTable(from, to, table, marker?.last_key ?? null, batchSize, options, (rows) => {
      tableRowsDone += rows;
      rowsDone += rows;
      report();
    }, () => nulsReplaced++).catch((error: unknown) => {
      if ((error as Error).name === "AbortError") throw error;
      throw new Error(`copying ${table.name}: ${(error as Error).message}`, { cause: error });
    });
    rowsWritten += written;
  }

  for (const { source, target } of tables) {
    if (!target.autoIncrement) continue;
    const highWater = Math.max(await idHighWater(from.layer, from.backend, source), await idHighWater(to.layer, to.backend, target));
    await setIdHighWater(to.layer, to.backend, target, highWater);
  }

  const counts: CopyResult["tables"] = [];
  for (const [index, table] of tables.entries()) {
    const rows = await countRows(to.db, table.name);
    if (rows !== totals[index]) throw new Error(`table ${table.name}: the source has ${totals[index]} rows, the target ${rows} after the copy (was the source written to during the copy? Stop Loupe on it and copy again with --force)`);
    counts.push({ name: table.name, rows });
  }
  return { tables: counts, rowsWritten, outcome: start, nulsReplaced };
}

/**
 * The tables a copy fills, in foreign-key order: every application table of the (migrated)
 * database at `url`. Exported so tests can hold it against the Prisma schema.
 */
export async function copyTables(url: string): Promise<TableInfo[]> {
  return foreignKeyOrder(await copiedTables(open(url, "database")));
}

/** A side's tables less the trigger-filled ones (PostgreSQL's response_keys), which the target's own triggers rebuild. */
async function copiedTables(side: Side): Promise<TableInfo[]> {
  return (await describeTables(side.layer, side.backend)).filter((table) => !TRIGGER_FILLED_TABLES.has(table.name));
}

function open(url: string, role: string): Side {
  let target: DatabaseTarget;
  try {
    target = parseDatabaseUrl(url);
  } catch (error) {
    throw new CopyRefusedError(`${role}: ${(error as Error).message.replace(/^DATABASE_URL/, "the URL")}`);
  }
  if (role === "source" && target.backend === "sqlite" && (target.file === ":memory:" || !fs.existsSync(target.file))) {
    throw new CopyRefusedError(`source: no SQLite database at ${target.file}`);
  }
  // Lossless: strings bound as they are; copyTable maps NUL for PostgreSQL itself and counts it.
  const layer = dataLayer(url, { keepNul: true });
  return { target, backend: target.backend, layer, db: layer as unknown as Loose };
}

function describe(target: DatabaseTarget): string {
  return target.backend === "sqlite" ? `SQLite ${target.file}` : `PostgreSQL ${target.where}`;
}

function sameDatabase(a: DatabaseTarget, b: DatabaseTarget): boolean {
  if (a.backend === "sqlite" && b.backend === "sqlite") return a.file === b.file;
  if (a.backend === "postgres" && b.backend === "postgres") return a.where === b.where;
  return false;
}

/**
 * What makes a source itself: the id of its first `_prisma_migrations` row, a random UUID written
 * when the database was created. It survives moving or renaming the file, and two databases
 * never share it.
 */
async function sourceIdentity(from: Side): Promise<string> {
  try {
    const { rows } = await sql<{ id: string }>`SELECT id FROM "_prisma_migrations" ORDER BY migration_name, started_at LIMIT 1`.execute(from.db);
    if (rows[0]) return rows[0].id;
  } catch {
    // no bookkeeping table: not a Loupe database (answered below)
  }
  throw new CopyRefusedError(`source: ${describe(from.target)} is not a Loupe database (no applied migrations)`);
}

/** The target's tables in foreign-key order, once the source is known to have the same ones. */
async function matchingSchemas(from: Side, to: Side): Promise<TablePair[]> {
  const source = new Map((await copiedTables(from)).map((t) => [t.name, t]));
  const target = foreignKeyOrder(await copiedTables(to));
  const problems: string[] = [];
  for (const name of source.keys()) if (!target.some((t) => t.name === name)) problems.push(`table ${name} is not in the target`);
  for (const table of target) {
    const twin = source.get(table.name);
    if (!twin) {
      problems.push(`table ${table.name} is not in the source`);
      continue;
    }
    const columns = (t: TableInfo) => t.columns.map((c) => c.name).sort().join(", ");
    if (columns(twin) !== columns(table)) problems.push(`table ${table.name}: source columns (${columns(twin)}) differ from the target's (${columns(table)})`);
  }
  if (problems.length > 0) {
    throw new CopyRefusedError(
      `the source's schema differs from this version's (migrate the source first: start Loupe on it once, or DATABASE_URL=<from> npm run db:migrate): ${problems.join("; ")}`,
    );
  }
  return target.map((table) => ({ name: table.name, source: source.get(table.name) as TableInfo, target: table }));
}

async function markerExists(to: Side): Promise<boolean> {
  const { rows } =
    to.backend === "sqlite"
      ? await sql`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ${MARKER_TABLE}`.execute(to.db)
      : await sql`SELECT 1 FROM pg_class WHERE relname = ${MARKER_TABLE} AND relnamespace = current_schema()::regnamespace`.execute(to.db);
  return rows.length > 0;
}

async function readMarkers(db: Loose): Promise<MarkerRow[]> {
  const { rows } = await sql<MarkerRow>`SELECT table_name, source_id, last_key, rows_copied, finished_at FROM ${sql.table(MARKER_TABLE)}`.execute(db);
  return rows;
}

/** Decides between a fresh copy, a resumed one and a refusal; leaves the target ready to fill. */
async function prepareTarget(to: Side, tables: TablePair[], sourceId: string, source: string, force: boolean): Promise<CopyResult["outcome"]> {
  const markers = (await markerExists(to)) ? await readMarkers(to.db) : [];
  const ours = markers.length > 0 && markers.every((m) => m.source_id === sourceId);
  const nonEmpty: string[] = [];
  if (!ours) for (const table of tables) if (await hasRows(to.db, table.name)) nonEmpty.push(table.name);
  if (!force) {
    if (ours && markers.length === tables.length && markers.every((m) => m.finished_at != null)) return "already-complete";
    if (!ours && markers.length > 0) throw new CopyRefusedError(`target: ${describe(to.target)} holds a copy of another database; --force empties it and copies anew`);
    if (nonEmpty.length > 0) {
      throw new CopyRefusedError(`target: ${describe(to.target)} is not empty (${nonEmpty.join(", ")}) and is not an interrupted copy of this source; --force empties it and copies anew`);
    }
  }
  const fresh = force || !ours;
  await to.db.transaction().execute(async (trx) => {
    if (fresh) {
      // CASCADE also empties the trigger-filled tables that reference these (response_keys).
      if (to.backend === "postgres") await sql`TRUNCATE ${sql.join(tables.map((t) => sql.table(t.name)))} CASCADE`.execute(trx);
      else for (const table of [...tables].reverse()) await sql`DELETE FROM ${sql.table(table.name)}`.execute(trx);
    }
    await sql.raw(MARKER_DDL).execute(trx);
    if (fresh) await sql`DELETE FROM ${sql.table(MARKER_TABLE)}`.execute(trx);
    const known = new Set(fresh ? [] : markers.map((m) => m.table_name));
    const now = Date.now();
    const missing = tables.filter((t) => !known.has(t.name));
    if (missing.length > 0) {
      await trx
        .insertInto(MARKER_TABLE)
        .values(missing.map((t) => ({ table_name: t.name, source_id: sourceId, source, last_key: null, rows_copied: 0, started_at: now, finished_at: null })))
        .execute();
    }
  });
  return fresh ? "copied" : "resumed";
}

async function countRows(db: Loose, table: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`SELECT COUNT(*) AS n FROM ${sql.table(table)}`.execute(db);
  return Number(rows[0]?.n ?? 0);
}

async function hasRows(db: Loose, table: string): Promise<boolean> {
  const { rows } = await sql`SELECT 1 FROM ${sql.table(table)} LIMIT 1`.execute(db);
  return rows.length > 0;
}

/** Copies what the target's cursor says is missing; returns the rows written. */
async function copyTable(
  from: Side,
  to: Side,
  { name, source, target }: TablePair,
  lastKey: string | null,
  batchSize: number,
  options: CopyOptions,
  advanced: (rows: number) => void,
  replacedNul: () => void,
): Promise<number> {
  const columns = target.columns.map((c) => c.name);
  const key = source.primaryKey;
  const convert = valueConverter(target, to.backend, replacedNul);
  let cursor = lastKey === null ? null : (JSON.parse(lastKey) as unknown[]);
  let written = 0;
  for (let batch = 1; ; batch++) {
    // better-sqlite3 answers synchronously, so a SQLite-to-SQLite copy would run on microtasks
    // alone and never let the event loop deliver a signal (Ctrl-C) until the end: yield per batch.
    await new Promise((resolve) => setImmediate(resolve));
    options.signal?.throwIfAborted();
    let query = from.db.selectFrom(name).select(columns);
    if (key.length > 0) {
      if (cursor) query = query.where(sql<boolean>`(${sql.join(key.map((k) => sql.ref(k)))}) > (${sql.join(cursor)})`);
      for (const k of key) query = query.orderBy(k);
      query = query.limit(batchSize);
    }
    // Without a key there is no order to resume from: the whole table in one transaction.
    const read = await query.execute();
    if (read.length === 0 && key.length > 0) {
      await finishTable(to.db, name);
      return written;
    }
    const rows = read.map(convert);
    const last = read[read.length - 1];
    const nextCursor = last && key.length > 0 ? key.map((k) => last[k]) : null;
    await to.db.transaction().execute(async (trx) => {
      if (key.length === 0) await sql`DELETE FROM ${sql.table(name)}`.execute(trx);
      await insertRows(trx, name, columns.length, rows);
      await trx
        .updateTable(MARKER_TABLE)
        .set((eb) => ({
          last_key: nextCursor ? JSON.stringify(nextCursor) : null,
          rows_copied: key.length > 0 ? eb("rows_copied", "+", rows.length) : rows.length,
          finished_at: key.length > 0 ? null : Date.now(),
        }))
        .where("table_name", "=", name)
        .execute();
      await options.onBatch?.(name, batch);
    });
    written += rows.length;
    advanced(rows.length);
    if (key.length === 0) return written;
    cursor = nextCursor;
  }
}

async function insertRows(trx: Transaction<Rows>, table: string, columnCount: number, rows: Row[]): Promise<void> {
  const perStatement = Math.max(1, Math.floor(MAX_PARAMETERS / Math.max(1, columnCount)));
  for (let start = 0; start < rows.length; start += perStatement) {
    await trx.insertInto(table).values(rows.slice(start, start + perStatement)).execute();
  }
}

async function finishTable(db: Loose, table: string): Promise<void> {
  await db.updateTable(MARKER_TABLE).set({ finished_at: Date.now() }).where("table_name", "=", table).execute();
}

/**
 * A row as the target stores it. Booleans: SQLite keeps 0/1, PostgreSQL true/false. Everything
 * else goes across as read: numbers (instants and counts are exact integers, doubles exact),
 * strings (JSON as its text), Buffers (blobs, byte for byte), nulls.
 */
function valueConverter(table: TableInfo, target: Backend, replacedNul: () => void): (row: Row) => Row {
  const booleans = table.columns.filter((c) => c.type === "boolean").map((c) => c.name);
  // PostgreSQL's text cannot hold U+0000, which SQLite rows stored before ingest mapped it may
  // carry: it becomes U+FFFD, as ingest stores it on both backends now (lib/ingest/prepare.ts).
  const texts = target === "postgres" ? table.columns.filter((c) => c.type === "text" || c.type.startsWith("character")).map((c) => c.name) : [];
  if (booleans.length === 0 && texts.length === 0) return (row) => row;
  return (row) => {
    const out = { ...row };
    for (const column of booleans) {
      const value = out[column];
      if (value === null || value === undefined) continue;
      out[column] = target === "postgres" ? Boolean(value) : value ? 1 : 0;
    }
    for (const column of texts) {
      const value = out[column];
      if (typeof value !== "string" || !value.includes("\u0000")) continue;
      out[column] = storableText(value);
      replacedNul();
    }
    return out;
  };
}
