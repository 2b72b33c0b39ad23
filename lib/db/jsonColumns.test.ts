import { expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";

/**
 * JSON columns give back the text that was stored, byte for byte, on both databases: a caller's
 * metadata keeps its key order (PostgreSQL's `json`, where `jsonb` would reorder the keys and
 * drop the spacing and duplicate keys).
 */
describeEachBackend("JSON columns", ({ db }) => {
  const text = '{"zeta": 1, "alpha": {"y": [1, 2], "b": null}, "alpha": "twice", "é": "\\u00e9"}';

  it("return the stored text unchanged (key order, spacing, duplicate keys)", async () => {
    await db().insertInto("projects").values({ id: "pj", name: "J", created_at: 0 }).execute();
    const { id } = await db()
      .insertInto("responses")
      .values({ project_id: "pj", model: "m", source_format: "openai.chat", occurred_at: 0, received_at: 0, output_text: "x", token_count: 0, sudden_drops: 0, metadata: text, params: text })
      .returning("id")
      .executeTakeFirstOrThrow();
    const row = await db().selectFrom("responses").select(["metadata", "params"]).where("id", "=", id).executeTakeFirstOrThrow();
    expect(row).toEqual({ metadata: text, params: text });

    await db().insertInto("audit_log").values({ at: 0, action: "test", details: text }).execute();
    const audit = await db().selectFrom("audit_log").select("details").where("action", "=", "test").executeTakeFirstOrThrow();
    expect(audit.details).toBe(text);
  });
});
