import { expect } from "vitest";
import { describeMigrationBackfill } from "@/tests/migrationBackfill";
import { backendOf, type DataLayer } from "./database";
import { ensurePartitionsFor } from "./partitions";

/**
 * Migration 20261129020000_explorer_facets creates project_facets and fills it from the
 * responses and tags already stored, on both databases: a database migrated before it offers
 * the same models and tags afterwards.
 */
const FACETS_MIGRATION = "20261129020000_explorer_facets";
const AT = Date.UTC(2026, 10, 20);

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

describeMigrationBackfill("project facets migration", FACETS_MIGRATION, "fills project_facets from the responses and tags stored before it", {
  async seed(layer) {
    if (backendOf(layer) === "postgres") await ensurePartitionsFor(layer, "postgres", [AT], AT);
    await insertOldResponses(layer);
  },
  check: expectBackfilled,
});
