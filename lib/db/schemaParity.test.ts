import fs from "node:fs";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { BACKEND_DIFFERENCES, type BackendDifference } from "./backendDifferences";
import type { DataLayer } from "./database";
import type { Backend } from "./databaseUrl";
import { listMigrations, MIGRATIONS_DIR } from "./migrate";
import { PG_MIGRATIONS_DIR } from "./migratePostgres";

/**
 * The SQLite and PostgreSQL schemas describe one database: the two schema.prisma files agree
 * model by model except for the declared differences of time partitioning
 * (lib/db/backendDifferences.ts), both migration folders hold the same migrations, and each
 * folder, applied to a real database, builds exactly what its schema.prisma says (tables,
 * columns, types, nullability, defaults, primary keys, unique and secondary indexes by name,
 * foreign keys). PostgreSQL's partitions (children of a partitioned table, with their cloned
 * indexes and keys) are compared through their parent.
 */
interface DmmfField {
  name: string; kind: string; type: string; isRequired: boolean; isId: boolean; isList: boolean; dbName?: string | null;
  hasDefaultValue: boolean; default?: unknown; relationFromFields?: string[]; relationToFields?: string[]; relationOnDelete?: string;
}
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null }
interface DmmfIndex {
  model: string; type: "id" | "unique" | "normal" | "fulltext"; dbName?: string | null; algorithm?: string;
  fields: Array<{ name: string; operatorClass?: string }>;
}
interface Dmmf { models: DmmfModel[]; indexes: DmmfIndex[] }

const SCHEMAS: Record<Backend, string> = { sqlite: "prisma/schema.prisma", postgres: "prisma/postgresql/schema.prisma" };
const FOLDERS: Record<Backend, string> = { sqlite: MIGRATIONS_DIR, postgres: PG_MIGRATIONS_DIR };

/** The column type each Prisma scalar gets in the committed SQL, per database. */
const COLUMN_TYPES: Record<Backend, Record<string, string>> = {
  sqlite: { String: "TEXT", Int: "INTEGER", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME", Json: "JSONB", Bytes: "BLOB", BigInt: "BIGINT" },
  postgres: { String: "text", Int: "integer", Float: "double precision", Boolean: "boolean", BigInt: "bigint", Json: "json", Bytes: "bytea" },
};
/** What a value is, across databases: SQLite DateTime is stored as Unix ms, which PostgreSQL keeps as BigInt. */
const LOGICAL_TYPES: Record<string, string> = { DateTime: "int64", BigInt: "int64" };

function dmmf(backend: Backend): Dmmf {
  const schema = fs.readFileSync(path.resolve(__dirname, "../..", SCHEMAS[backend]), "utf8");
  return JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))).datamodel as Dmmf;
}

const tableOf = (model: DmmfModel) => model.dbName ?? model.name;
const columnOf = (model: DmmfModel, fieldName: string) => model.fields.find((f) => f.name === fieldName)?.dbName ?? fieldName;

/** A database shape, as strings that read well in a failing diff. */
interface Shape { tables: string[]; columns: string[]; keys: string[] }

/** What schema.prisma says the database holds. */
function expectedShape(backend: Backend, model: Dmmf): Shape {
  const shape: Shape = { tables: [], columns: [], keys: [] };
  for (const m of model.models) {
    const table = tableOf(m);
    shape.tables.push(table);
    for (const f of m.fields.filter((f) => f.kind === "scalar")) {
      // SQLite's INTEGER PRIMARY KEY AUTOINCREMENT takes its value without a declared default.
      const autoincrement = (f.default as { name?: string } | undefined)?.name === "autoincrement";
      const hasDefault = f.hasDefaultValue && !(autoincrement && backend === "sqlite");
      shape.columns.push(`${table}.${f.dbName ?? f.name} ${COLUMN_TYPES[backend][f.type]}${f.isRequired ? " not null" : ""}${hasDefault ? " default" : ""}`);
    }
    const pk = m.primaryKey ? m.primaryKey.fields.map((n) => columnOf(m, n)) : m.fields.filter((f) => f.isId).map((f) => f.dbName ?? f.name);
    shape.keys.push(`${table} primary key (${pk.join(",")})`);
    for (const f of m.fields.filter((f) => f.kind === "object" && (f.relationFromFields?.length ?? 0) > 0)) {
      const target = model.models.find((t) => t.name === f.type) as DmmfModel;
      const from = (f.relationFromFields ?? []).map((n) => columnOf(m, n));
      const to = (f.relationToFields ?? []).map((n) => columnOf(target, n));
      shape.keys.push(`${table}(${from.join(",")}) references ${tableOf(target)}(${to.join(",")}) on delete ${(f.relationOnDelete ?? "NoAction").toLowerCase()}`);
    }
  }
  for (const index of model.indexes.filter((i) => i.type === "unique" || i.type === "normal")) {
    const m = model.models.find((x) => x.name === index.model) as DmmfModel;
    const columns = index.fields.map((f) => columnOf(m, f.name));
    const name = index.dbName ?? `${tableOf(m)}_${columns.join("_")}_${index.type === "unique" ? "key" : "idx"}`;
    shape.keys.push(`${index.type === "unique" ? "unique " : ""}index ${name} on ${tableOf(m)}(${columns.join(",")})`);
  }
  return { tables: shape.tables.sort(), columns: shape.columns.sort(), keys: shape.keys.sort() };
}

const ON_DELETE: Record<string, string> = { c: "cascade", a: "noaction", r: "restrict", n: "setnull", d: "setdefault" };

/** What the migrated database holds. */
async function actualShape(backend: Backend, db: DataLayer): Promise<Shape> {
  const shape: Shape = { tables: [], columns: [], keys: [] };
  if (backend === "postgres") {
    // Plain and partitioned tables; partitions are their parent's storage.
    const tables = await sql<{ name: string }>`SELECT c.relname AS name FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p') AND NOT c.relispartition AND c.relname <> '_prisma_migrations'`.execute(db);
    shape.tables = tables.rows.map((t) => t.name);
    const columns = await sql<{ t: string; c: string; type: string; nullable: string; dflt: string | null }>`
      SELECT table_name AS t, column_name AS c, data_type AS type, is_nullable AS nullable, column_default AS dflt
      FROM information_schema.columns WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'`.execute(db);
    shape.columns = columns.rows.filter((c) => shape.tables.includes(c.t)).map((c) => `${c.t}.${c.c} ${c.type}${c.nullable === "NO" ? " not null" : ""}${c.dflt !== null ? " default" : ""}`);
    const indexes = await sql<{ t: string; name: string; isUnique: boolean; isPrimary: boolean; cols: string }>`
      SELECT t.relname AS t, i.relname AS name, ix.indisunique AS "isUnique", ix.indisprimary AS "isPrimary",
        array_to_string(ARRAY(SELECT a.attname FROM unnest(ix.indkey) WITH ORDINALITY k(attnum, ord)
          JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = k.attnum ORDER BY k.ord), ',') AS cols
      FROM pg_index ix JOIN pg_class t ON t.oid = ix.indrelid JOIN pg_class i ON i.oid = ix.indexrelid
      JOIN pg_namespace n ON n.oid = t.relnamespace
      WHERE n.nspname = 'public' AND NOT t.relispartition AND t.relname <> '_prisma_migrations'`.execute(db);
    for (const i of indexes.rows) {
      shape.keys.push(i.isPrimary ? `${i.t} primary key (${i.cols})` : `${i.isUnique ? "unique " : ""}index ${i.name} on ${i.t}(${i.cols})`);
    }
    const fks = await sql<{ t: string; ref: string; del: string; cols: string; refCols: string }>`
      SELECT src.relname AS t, dst.relname AS ref, c.confdeltype AS del,
        array_to_string(ARRAY(SELECT a.attname FROM unnest(c.conkey) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n ORDER BY k.o), ',') AS cols,
        array_to_string(ARRAY(SELECT a.attname FROM unnest(c.confkey) WITH ORDINALITY k(n, o)
          JOIN pg_attribute a ON a.attrelid = c.confrelid AND a.attnum = k.n ORDER BY k.o), ',') AS "refCols"
      FROM pg_constraint c JOIN pg_class src ON src.oid = c.conrelid JOIN pg_class dst ON dst.oid = c.confrelid
      JOIN pg_namespace n ON n.oid = c.connamespace
      WHERE c.contype = 'f' AND n.nspname = 'public' AND c.conparentid = 0`.execute(db);
    for (const f of fks.rows) shape.keys.push(`${f.t}(${f.cols}) references ${f.ref}(${f.refCols}) on delete ${ON_DELETE[f.del]}`);
  } else {
    const tables = await sql<{ name: string }>`SELECT name FROM sqlite_master
      WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations'`.execute(db);
    shape.tables = tables.rows.map((t) => t.name);
    for (const table of shape.tables) {
      const columns = await sql<{ name: string; type: string; notnull: number; pk: number; dflt_value: string | null }>`SELECT * FROM pragma_table_info(${table})`.execute(db);
      const pk = columns.rows.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk);
      // SQLite reports an INTEGER PRIMARY KEY as nullable; it is the rowid and never null.
      for (const c of columns.rows) shape.columns.push(`${table}.${c.name} ${c.type}${c.notnull || (c.pk && c.type === "INTEGER") ? " not null" : ""}${c.dflt_value !== null ? " default" : ""}`);
      shape.keys.push(`${table} primary key (${pk.map((c) => c.name).join(",")})`);
      const indexes = await sql<{ name: string; unique: number; origin: string }>`SELECT * FROM pragma_index_list(${table})`.execute(db);
      for (const i of indexes.rows.filter((x) => x.origin === "c")) {
        const cols = await sql<{ seqno: number; name: string }>`SELECT * FROM pragma_index_info(${i.name})`.execute(db);
        shape.keys.push(`${i.unique ? "unique " : ""}index ${i.name} on ${table}(${cols.rows.sort((a, b) => a.seqno - b.seqno).map((c) => c.name).join(",")})`);
      }
      const fks = await sql<{ id: number; seq: number; table: string; from: string; to: string; on_delete: string }>`SELECT * FROM pragma_foreign_key_list(${table})`.execute(db);
      for (const id of new Set(fks.rows.map((f) => f.id))) {
        const parts = fks.rows.filter((f) => f.id === id).sort((a, b) => a.seq - b.seq);
        shape.keys.push(`${table}(${parts.map((p) => p.from).join(",")}) references ${parts[0]?.table}(${parts.map((p) => p.to).join(",")}) on delete ${parts[0]?.on_delete.toLowerCase().replace(" ", "")}`);
      }
    }
  }
  return { tables: shape.tables.sort(), columns: shape.columns.sort(), keys: shape.keys.sort() };
}

/**
 * What a schema.prisma declares, one fact per line, in the wording of lib/db/backendDifferences.ts:
 * `model X -> table`, `X primary key (...)`, `X.field -> column ...` (with its relation) and
 * `X <unique|normal> index [name] (fields [opclass]) [algorithm]`.
 */
function schemaFacts(backend: Backend): string[] {
  const model = dmmf(backend);
  const facts: string[] = [];
  for (const m of model.models) {
    facts.push(`model ${m.name} -> ${tableOf(m)}`);
    facts.push(`${m.name} primary key (${(m.primaryKey?.fields ?? m.fields.filter((f) => f.isId).map((f) => f.name)).join(",")})`);
    for (const f of m.fields) {
      const type = `${LOGICAL_TYPES[f.type] ?? f.type}${f.isList ? "[]" : ""}`;
      const relation = (f.relationFromFields?.length ?? 0) > 0
        ? ` relation (${f.relationFromFields?.join(",")}) references (${f.relationToFields?.join(",")}) on delete ${f.relationOnDelete ?? "NoAction"}` : "";
      const dflt = f.hasDefaultValue ? ` default ${JSON.stringify(f.default)}` : "";
      facts.push(`${m.name}.${f.name} -> ${f.dbName ?? f.name} ${f.kind} ${type} ${f.isRequired && !f.isList ? "required" : "optional"}${dflt}${relation}`);
    }
  }
  for (const index of model.indexes.filter((i) => i.type !== "id")) {
    const fields = index.fields.map((f) => (f.operatorClass ? `${f.name} ${f.operatorClass}` : f.name)).join(",");
    facts.push(`${index.model} ${index.type} index ${index.dbName ? `${index.dbName} ` : ""}(${fields})${index.algorithm ? ` ${index.algorithm}` : ""}`);
  }
  return facts.sort();
}

/** The facts left once the allow-listed ones are taken out (a listed model takes all its facts). */
function withoutDifferences(facts: string[], listed: Array<string | null>): string[] {
  const models = listed.flatMap((fact) => /^model (\w+) -> /.exec(fact ?? "")?.[1] ?? []);
  return facts.filter((fact) => !listed.includes(fact) && !models.some((m) => fact.startsWith(`${m}.`) || fact.startsWith(`${m} `)));
}

function compareSchemas(sqliteFacts: string[], postgresFacts: string[], differences: readonly BackendDifference[]) {
  return {
    staleOnSqlite: differences.flatMap((d) => (d.sqlite !== null && !sqliteFacts.includes(d.sqlite) ? [d.sqlite] : [])),
    staleOnPostgres: differences.flatMap((d) => (d.postgres !== null && !postgresFacts.includes(d.postgres) ? [d.postgres] : [])),
    sqlite: withoutDifferences(sqliteFacts, differences.map((d) => d.sqlite)),
    postgres: withoutDifferences(postgresFacts, differences.map((d) => d.postgres)),
  };
}

describe("the SQLite and PostgreSQL schemas", () => {
  it("declare the same models, fields, types, defaults, relations and indexes, but for the listed differences", () => {
    const result = compareSchemas(schemaFacts("sqlite"), schemaFacts("postgres"), BACKEND_DIFFERENCES);
    // Every listed difference is still real on both sides...
    expect(result.staleOnSqlite).toEqual([]);
    expect(result.staleOnPostgres).toEqual([]);
    // ...and nothing else differs.
    expect(result.postgres).toEqual(result.sqlite);
  });

  it("the allow-list catches an unlisted difference and a stale entry", () => {
    const sqliteFacts = schemaFacts("sqlite");
    const postgresFacts = schemaFacts("postgres");
    const unlisted = compareSchemas(sqliteFacts, [...postgresFacts, "Response.extra -> extra scalar String required"], BACKEND_DIFFERENCES);
    expect(unlisted.postgres).not.toEqual(unlisted.sqlite);
    const stale = compareSchemas(sqliteFacts, postgresFacts, [...BACKEND_DIFFERENCES, { sqlite: "Response primary key (nope)", postgres: null, why: "test" }]);
    expect(stale.staleOnSqlite).toEqual(["Response primary key (nope)"]);
    const everyDifferenceNeeded = BACKEND_DIFFERENCES.map((_, i) => {
      const fewer = compareSchemas(sqliteFacts, postgresFacts, BACKEND_DIFFERENCES.filter((__, j) => j !== i));
      return JSON.stringify(fewer.postgres) !== JSON.stringify(fewer.sqlite);
    });
    expect(everyDifferenceNeeded.every(Boolean)).toBe(true);
  });

  it("have the same migrations, one folder per database", () => {
    expect(listMigrations(PG_MIGRATIONS_DIR).map((m) => m.name)).toEqual(listMigrations(MIGRATIONS_DIR).map((m) => m.name));
    expect(FOLDERS.postgres).not.toEqual(FOLDERS.sqlite);
  });
});

describeEachBackend("committed migrations build schema.prisma", ({ backend, db }) => {
  it("tables, columns, types, nullability, defaults, keys and indexes", async () => {
    const actual = await actualShape(backend, db());
    const expected = expectedShape(backend, dmmf(backend));
    expect(actual.tables).toEqual(expected.tables);
    expect(actual.columns).toEqual(expected.columns);
    expect(actual.keys).toEqual(expected.keys);
  });
});
