import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describePostgres } from "@/tests/backends";
import { closeDatabases, db, type DataLayer } from "./database";
import { migrate, MIGRATIONS_DIR } from "./migrate";
import { migratePostgres, PG_MIGRATIONS_DIR } from "./migratePostgres";
import { ensurePartitionsFor } from "./partitions";
import { closeSqlite, sqlite } from "./sqlite";

/**
 * Migration 20261129020000_explorer_facets creates project_facets and fills it from the
 * responses and tags already stored, on both databases: a database migrated before it offers
 * the same models and tags afterwards.
 */
const FACETS_MIGRATION = "20261129020000_explorer_facets";
const AT = Date.UTC(2026, 10, 20);

/** A copy of a migrations folder holding only the migrations before project_facets. */
function foldersBefore(dir: string): string {
  const copy = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-migrations-"));
  for (const name of fs.readdirSync(dir)) {
    if (name >= FACETS_MIGRATION) continue;
    fs.cpSync(path.join(dir, name), path.join(copy, name), { recursive: true });
  }
  return copy;
}

async function insertOldResponses(layer: DataLayer): Promise<void> {
  for (const id of ["p1", "p2"]) await layer.insertInto("projects").values({ id, name: id, is_demo: false, created_at: AT }).execute();
  const rows: Array<[string, string, string[]]> = [["p1", "gpt-4o", ["rag", "chat"]], ["p1", "gpt-4o", ["rag"]], ["p1", "llama", []], ["p2", "qwen", ["agent"]]];
  for (const [i, [project, model, tags]] of rows.entries()) {
    const { id } = await layer.insertInto("responses").values({
      project_id: project, external_id: `r${i}`, model, source_format: "openai.chat", occurred_at: AT + i, received_at: AT,
      output_text: "x", token_count: 1, sudden_drops: 0, tags: JSON.stringify(tags),
    }).returning("id").executeTakeFirstOrThrow();
    for (const tag of tags) await layer.insertInto("response_tags").values({ response_id: Number(id), project_id: project, tag, occurred_at: AT + i }).execute();
  }
}

async function expectBackfilled(layer: DataLayer): Promise<void> {
  const rows = await layer.selectFrom("project_facets").selectAll().orderBy("project_id").orderBy("kind").orderBy("value").execute();
  expect(rows).toEqual([
    { project_id: "p1", kind: "model", value: "gpt-4o" },
    { project_id: "p1", kind: "model", value: "llama" },
    { project_id: "p1", kind: "tag", value: "chat" },
    { project_id: "p1", kind: "tag", value: "rag" },
    { project_id: "p2", kind: "model", value: "qwen" },
    { project_id: "p2", kind: "tag", value: "agent" },
  ]);
}

describe("project facets migration [sqlite]", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "loupe-facets-"));
  afterAll(() => {
    closeSqlite();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fills project_facets from the responses and tags stored before it", async () => {
    const url = `file:${path.join(dir, "test.db")}`;
    const before = foldersBefore(MIGRATIONS_DIR);
    migrate(sqlite(url), before);
    await insertOldResponses(db(url));
    expect(migrate(sqlite(url)).applied).toContain(FACETS_MIGRATION);
    await expectBackfilled(db(url));
    fs.rmSync(before, { recursive: true, force: true });
  });
});

describePostgres("project facets migration [postgres]", ({ createDatabase }) => {
  afterAll(() => closeDatabases());

  it("fills project_facets from the responses and tags stored before it", async () => {
    const url = await createDatabase();
    const before = foldersBefore(PG_MIGRATIONS_DIR);
    await migratePostgres(db(url), before);
    await ensurePartitionsFor(db(url), "postgres", [AT], AT);
    await insertOldResponses(db(url));
    expect((await migratePostgres(db(url))).applied).toContain(FACETS_MIGRATION);
    await expectBackfilled(db(url));
    fs.rmSync(before, { recursive: true, force: true });
  });
});
