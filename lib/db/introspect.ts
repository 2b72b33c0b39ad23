import { sql } from "kysely";
import type { DataLayer } from "./database";
import type { Backend } from "./databaseUrl";

/**
 * What a migrated database holds, read from the database itself (SQLite's pragmas, PostgreSQL's
 * catalogs): the application tables with their columns, primary key, the tables they reference
 * and their autoincrement column. Bookkeeping tables (`_prisma_migrations`, `_loupe_copy`: names
 * starting with `_`) and PostgreSQL partitions (copied through their parent) are left out.
 */
export interface TableInfo {
  name: string;
  /** In declaration order; `type` as the database names it (lower case). */
  columns: Array<{ name: string; type: string }>;
  /** Primary key columns in key order; empty when the table has none. */
  primaryKey: string[];
  /** Tables this one references by foreign key (itself excluded). */
  references: string[];
  /** The column ids come from (SQLite AUTOINCREMENT, PostgreSQL serial/identity), if any. */
  autoIncrement: string | null;
}

export async function describeTables(db: DataLayer, backend: Backend): Promise<TableInfo[]> {
  return backend === "sqlite" ? describeSqlite(db) : describePostgres(db);
}

async function describeSqlite(db: DataLayer): Promise<TableInfo[]> {
  const { rows: tables } = await sql<{ name: string; ddl: string | null }>`
    SELECT name, sql AS ddl FROM sqlite_master
    WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\' AND name NOT LIKE '\\_%' ESCAPE '\\'
    ORDER BY name`.execute(db);
  const result: TableInfo[] = [];
  for (const table of tables) {
    const { rows: columns } = await sql<{ name: string; type: string; pk: number }>`
      SELECT name, type, pk FROM pragma_table_info(${table.name}) ORDER BY cid`.execute(db);
    const { rows: keys } = await sql<{ ref: string }>`SELECT DISTINCT "table" AS ref FROM pragma_foreign_key_list(${table.name})`.execute(db);
    const primaryKey = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
    result.push({
      name: table.name,
      columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      primaryKey,
      references: keys.map((k) => k.ref).filter((ref) => ref !== table.name).sort(),
      autoIncrement: /\bAUTOINCREMENT\b/i.test(table.ddl ?? "") && primaryKey.length === 1 ? (primaryKey[0] ?? null) : null,
    });
  }
  return result;
}

async function describePostgres(db: DataLayer): Promise<TableInfo[]> {
  const { rows: tables } = await sql<{ oid: number; name: string }>`
    SELECT c.oid::bigint AS oid, c.relname AS name FROM pg_class c
    WHERE c.relnamespace = current_schema()::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
      AND c.relname NOT LIKE '\\_%' ESCAPE '\\'
    ORDER BY c.relname`.execute(db);
  const result: TableInfo[] = [];
  for (const table of tables) {
    const { rows: columns } = await sql<{ name: string; type: string; serial: boolean }>`
      SELECT a.attname AS name, format_type(a.atttypid, NULL) AS type,
             (a.attidentity <> '' OR pg_get_serial_sequence(${table.name}, a.attname) IS NOT NULL) AS serial
      FROM pg_attribute a WHERE a.attrelid = ${table.oid} AND a.attnum > 0 AND NOT a.attisdropped
      ORDER BY a.attnum`.execute(db);
    const { rows: key } = await sql<{ name: string }>`
      SELECT a.attname AS name FROM pg_index i
      JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
      WHERE i.indrelid = ${table.oid} AND i.indisprimary
      ORDER BY array_position(i.indkey::int2[], a.attnum)`.execute(db);
    const { rows: refs } = await sql<{ ref: string }>`
      SELECT DISTINCT r.relname AS ref FROM pg_constraint k JOIN pg_class r ON r.oid = k.confrelid
      WHERE k.conrelid = ${table.oid} AND k.contype = 'f'`.execute(db);
    result.push({
      name: table.name,
      columns: columns.map((c) => ({ name: c.name, type: c.type.toLowerCase() })),
      primaryKey: key.map((k) => k.name),
      references: refs.map((r) => r.ref).filter((ref) => ref !== table.name).sort(),
      autoIncrement: columns.find((c) => c.serial)?.name ?? null,
    });
  }
  return result;
}

/**
 * Tables ordered so that every table comes after the tables it references (foreign-key order:
 * parents are filled first, emptied last), alphabetical among equals so the order is stable.
 */
export function foreignKeyOrder(tables: readonly TableInfo[]): TableInfo[] {
  const byName = new Map(tables.map((t) => [t.name, t]));
  const ordered: TableInfo[] = [];
  const state = new Map<string, "visiting" | "done">();
  const visit = (table: TableInfo, path: string[]) => {
    if (state.get(table.name) === "done") return;
    if (state.get(table.name) === "visiting") throw new Error(`foreign keys form a cycle: ${[...path, table.name].join(" -> ")}`);
    state.set(table.name, "visiting");
    for (const ref of table.references) {
      const parent = byName.get(ref);
      if (parent) visit(parent, [...path, table.name]);
    }
    state.set(table.name, "done");
    ordered.push(table);
  };
  for (const table of [...tables].sort((a, b) => a.name.localeCompare(b.name))) visit(table, []);
  return ordered;
}

/** The highest id an autoincrement column has handed out (deleted rows included), 0 if none. */
export async function idHighWater(db: DataLayer, backend: Backend, table: TableInfo): Promise<number> {
  const column = table.autoIncrement;
  if (!column) return 0;
  const { rows: max } = await sql<{ max: number | null }>`SELECT MAX(${sql.ref(column)}) AS max FROM ${sql.table(table.name)}`.execute(db);
  const highest = Number(max[0]?.max ?? 0);
  if (backend === "sqlite") {
    const { rows } = await sql<{ seq: number }>`SELECT seq FROM sqlite_sequence WHERE name = ${table.name}`.execute(db);
    return Math.max(highest, Number(rows[0]?.seq ?? 0));
  }
  const { rows: seq } = await sql<{ name: string | null }>`SELECT pg_get_serial_sequence(${table.name}, ${column}) AS name`.execute(db);
  if (!seq[0]?.name) return highest;
  const { rows } = await sql<{ last_value: number; is_called: boolean }>`SELECT last_value, is_called FROM ${sql.raw(seq[0].name)}`.execute(db);
  const state = rows[0];
  return Math.max(highest, state ? (state.is_called ? Number(state.last_value) : Number(state.last_value) - 1) : 0);
}

/** Makes the next generated id `highWater + 1`, so a copy never reuses an id the source handed out. */
export async function setIdHighWater(db: DataLayer, backend: Backend, table: TableInfo, highWater: number): Promise<void> {
  const column = table.autoIncrement;
  if (!column) return;
  if (backend === "sqlite") {
    const updated = await sql`UPDATE sqlite_sequence SET seq = ${highWater} WHERE name = ${table.name}`.execute(db);
    if (Number(updated.numAffectedRows ?? 0) === 0) await sql`INSERT INTO sqlite_sequence (name, seq) VALUES (${table.name}, ${highWater})`.execute(db);
    return;
  }
  const { rows: seq } = await sql<{ name: string | null }>`SELECT pg_get_serial_sequence(${table.name}, ${column}) AS name`.execute(db);
  if (!seq[0]?.name) return;
  // setval(seq, n, true): the next nextval() is n + 1; with false and 1, a fresh sequence starts at 1.
  if (highWater > 0) await sql`SELECT setval(${seq[0].name}::regclass, ${highWater}, true)`.execute(db);
  else await sql`SELECT setval(${seq[0].name}::regclass, 1, false)`.execute(db);
}
