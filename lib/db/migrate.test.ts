import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { get_dmmf } from "@prisma/prisma-schema-wasm";
import { afterAll, describe, expect, it } from "vitest";
import { listMigrations, migrate } from "./migrate";
import { openSqlite } from "./sqlite";

/**
 * Proves the committed SQL migrations build exactly the database schema.prisma describes:
 * tables, columns, types, nullability, primary keys and indexes. Prisma's own parser (the
 * schema wasm, which needs no download) reads schema.prisma.
 */
interface DmmfField { name: string; kind: string; type: string; isRequired: boolean; isId: boolean; dbName?: string | null; default?: unknown }
interface DmmfModel { name: string; dbName: string | null; fields: DmmfField[]; primaryKey: { fields: string[] } | null }
interface DmmfIndex { model: string; type: "id" | "unique" | "normal" | "fulltext"; fields: Array<{ name: string }> }

const SQLITE_TYPES: Record<string, string> = {
  String: "TEXT", Int: "INTEGER", Float: "REAL", Boolean: "BOOLEAN", DateTime: "DATETIME", Json: "JSONB", Bytes: "BLOB", BigInt: "BIGINT", Decimal: "DECIMAL",
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-migrate-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("committed migrations", () => {
  const schema = fs.readFileSync(path.resolve(__dirname, "../../prisma/schema.prisma"), "utf8");
  const dmmf = JSON.parse(get_dmmf(JSON.stringify({ prismaSchema: schema }))).datamodel as { models: DmmfModel[]; indexes: DmmfIndex[] };
  const db = openSqlite(path.join(dir, "schema.db"));
  const result = migrate(db);

  it("applies every migration once, with Prisma-compatible bookkeeping", () => {
    const files = listMigrations();
    expect(result.applied).toEqual(files.map((m) => m.name));
    const rows = db.prepare(`SELECT migration_name, checksum, finished_at FROM _prisma_migrations ORDER BY migration_name`).all() as Array<{ migration_name: string; checksum: string; finished_at: string | null }>;
    expect(rows.map((r) => [r.migration_name, r.checksum])).toEqual(files.map((m) => [m.name, m.checksum]));
    expect(rows.every((r) => r.finished_at !== null)).toBe(true);
    expect(migrate(db).applied).toEqual([]);
  });

  it("creates exactly the tables of schema.prisma", () => {
    const tables = (db.prepare(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name != '_prisma_migrations'`).all() as Array<{ name: string }>).map((t) => t.name);
    expect(tables.sort()).toEqual(dmmf.models.map((m) => m.dbName ?? m.name).sort());
  });

  for (const model of dmmf.models) {
    const table = model.dbName ?? model.name;
    it(`table ${table} has the columns, types, nullability and primary key of model ${model.name}`, () => {
      const columns = db.prepare(`PRAGMA table_info("${table}")`).all() as Array<{ name: string; type: string; notnull: number; pk: number }>;
      const scalars = model.fields.filter((f) => f.kind === "scalar");
      expect(columns.map((c) => c.name).sort()).toEqual(scalars.map((f) => f.dbName ?? f.name).sort());
      for (const field of scalars) {
        const column = columns.find((c) => c.name === (field.dbName ?? field.name));
        expect(column?.type, `${table}.${field.name} type`).toBe(SQLITE_TYPES[field.type]);
        // SQLite reports INTEGER PRIMARY KEY columns as nullable in table_info; Prisma marks them required.
        if (column && column.pk === 0) expect(column.notnull === 1, `${table}.${field.name} NOT NULL`).toBe(field.isRequired);
      }
      const pk = columns.filter((c) => c.pk > 0).sort((a, b) => a.pk - b.pk).map((c) => c.name);
      const expectedPk = model.primaryKey
        ? model.primaryKey.fields.map((name) => model.fields.find((f) => f.name === name)?.dbName ?? name)
        : model.fields.filter((f) => f.isId).map((f) => f.dbName ?? f.name);
      expect(pk).toEqual(expectedPk);
    });
  }

  it("creates exactly the unique and secondary indexes of schema.prisma", () => {
    const dbColumn = (modelName: string, fieldName: string) => {
      const model = dmmf.models.find((m) => m.name === modelName);
      return model?.fields.find((f) => f.name === fieldName)?.dbName ?? fieldName;
    };
    const expected = dmmf.indexes
      .filter((index) => index.type === "unique" || index.type === "normal")
      .map((index) => {
        const model = dmmf.models.find((m) => m.name === index.model) as DmmfModel;
        return `${model.dbName ?? model.name}(${index.fields.map((f) => dbColumn(index.model, f.name)).join(",")})${index.type === "unique" ? " unique" : ""}`;
      });
    const actual: string[] = [];
    for (const model of dmmf.models) {
      const table = model.dbName ?? model.name;
      const indexes = db.prepare(`PRAGMA index_list("${table}")`).all() as Array<{ name: string; unique: number; origin: string }>;
      for (const index of indexes.filter((i) => i.origin === "c")) {
        const cols = (db.prepare(`PRAGMA index_info("${index.name}")`).all() as Array<{ seqno: number; name: string }>).sort((a, b) => a.seqno - b.seqno).map((c) => c.name);
        actual.push(`${table}(${cols.join(",")})${index.unique ? " unique" : ""}`);
      }
    }
    expect(actual.sort()).toEqual(expected.sort());
  });
});

describe("migration 20261127000000_token_time on a database with data", () => {
  it("keeps every token blob and gives it its response's occurred_at", () => {
    const earlier = path.join(dir, "earlier-migrations");
    for (const m of listMigrations().filter((m) => m.name < "20261127000000_token_time")) {
      fs.mkdirSync(path.join(earlier, m.name), { recursive: true });
      fs.writeFileSync(path.join(earlier, m.name, "migration.sql"), m.sql);
    }
    const db = openSqlite(path.join(dir, "upgrade.db"));
    migrate(db, earlier);
    db.prepare(`INSERT INTO projects (id, name, created_at) VALUES ('p', 'P', 0)`).run();
    const insertResponse = db.prepare(`INSERT INTO responses (project_id, model, source_format, occurred_at, received_at, output_text, token_count, sudden_drops)
      VALUES ('p', 'm', 'openai.chat', ?, ?, 'x', 1, 0)`);
    const blobs = [Buffer.from([1, 2, 3]), Buffer.from([0, 255])];
    const at = [Date.UTC(2024, 2, 1), Date.UTC(2026, 10, 27, 13)];
    for (const [i, bytes] of blobs.entries()) {
      const id = Number(insertResponse.run(at[i], at[i]).lastInsertRowid);
      db.prepare(`INSERT INTO response_tokens (response_id, tokens_blob, prompt_tokens_blob) VALUES (?, ?, NULL)`).run(id, bytes);
    }

    expect(migrate(db).applied).toContain("20261127000000_token_time");
    const rows = db.prepare(`SELECT t.occurred_at AS tokenAt, r.occurred_at AS responseAt, t.tokens_blob AS bytes
      FROM response_tokens t JOIN responses r ON r.id = t.response_id ORDER BY t.response_id`).all() as Array<{ tokenAt: number; responseAt: number; bytes: Buffer }>;
    expect(rows.map((r) => [r.tokenAt, r.bytes])).toEqual(at.map((t, i) => [t, blobs[i]]));
    expect(db.prepare(`PRAGMA foreign_key_check`).all()).toEqual([]);
    db.close();
  });
});
