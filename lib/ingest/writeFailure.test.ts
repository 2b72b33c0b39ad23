import { sql } from "kysely";
import { afterEach, expect, it } from "vitest";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { describeEachBackend } from "@/tests/backends";
import { useTestAccounts } from "@/tests/testDb";
import { ingestRecords } from "./ingestRecords";

const record = (id: string, content: string, extra: Record<string, unknown> = {}) => ({
  id,
  ...extra,
  response: {
    id: `c-${id}`, object: "chat.completion", created: 1_733_743_961, model: "m",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content },
      logprobs: { content: [{ token: content, logprob: -0.1, top_logprobs: [] }] } }],
  },
});

/**
 * A record the database refuses costs only itself, also on PostgreSQL, where a batch is one
 * statement per table: the batch is then retried record by record and only that record
 * reports `write_failed`. The refusal is a trigger the test adds, the same on both backends.
 */
describeEachBackend("a record the database refuses", ({ backend, db }) => {
  useTestAccounts();

  afterEach(async () => {
    await sql.raw("DROP TRIGGER IF EXISTS refuse_one" + (backend === "postgres" ? " ON responses" : "")).execute(db());
  });

  it("fails alone, by index, and the rest of its batch is stored", async () => {
    if (backend === "postgres") {
      await sql.raw(`CREATE OR REPLACE FUNCTION refuse_one() RETURNS trigger LANGUAGE plpgsql AS $$
        BEGIN IF NEW.external_id = 'refused' THEN RAISE EXCEPTION 'refused by the test'; END IF; RETURN NEW; END $$`).execute(db());
      await sql.raw("CREATE TRIGGER refuse_one BEFORE INSERT ON responses FOR EACH ROW EXECUTE FUNCTION refuse_one()").execute(db());
    } else {
      await sql.raw(`CREATE TRIGGER refuse_one BEFORE INSERT ON responses WHEN NEW.external_id = 'refused'
        BEGIN SELECT RAISE(ABORT, 'refused by the test'); END`).execute(db());
    }
    const summary = await ingestRecords(db(), "default", [
      { value: record("kept-a", "fine") },
      { value: record("refused", "refused") },
      { value: record("kept-c", "also fine") },
    ]);
    expect(summary).toMatchObject({ ingested: 2, errors: 1 });
    expect(summary.results[1]).toEqual({ index: 1, error: { code: "write_failed", message: "the record could not be stored" } });
    const stored = await db().selectFrom("responses").select("external_id").where("external_id", "in", ["kept-a", "refused", "kept-c"]).orderBy("external_id").execute();
    expect(stored.map((r) => r.external_id)).toEqual(["kept-a", "kept-c"]);
  });
});

/**
 * PostgreSQL's text cannot hold U+0000, which SQLite stores as given: a record carrying one used
 * to fail there alone. Both backends now store text columns with U+FFFD in its place, keep the
 * NUL token itself in the token blob, and answer the same.
 */
describeEachBackend("U+0000 in a record", ({ db }) => {
  useTestAccounts();

  it("is stored as U+FFFD in text columns and as itself in the tokens, on both backends", async () => {
    const summary = await ingestRecords(db(), "default", [
      { value: record("nul\u0000id", "nul \u0000 inside", { model: "m\u0000x", tags: ["t\u0000"], provider: "p\u0000", metadata: { note: "a\u0000b" }, request: { prompt: "say \u0000" } }) },
    ]);
    expect(summary).toMatchObject({ ingested: 1, errors: 0 });
    const row = await db().selectFrom("responses").selectAll().where("external_id", "=", "nul\uFFFDid").executeTakeFirstOrThrow();
    expect({ output: row.output_text, model: row.model, provider: row.provider, prompt: row.prompt, tags: JSON.parse(row.tags as string) })
      .toEqual({ output: "nul \uFFFD inside", model: "m\uFFFDx", provider: "p\uFFFD", prompt: "say \uFFFD", tags: ["t\uFFFD"] });
    expect(JSON.parse(row.metadata as string)).toEqual({ note: "a\u0000b" });
    const tag = await db().selectFrom("response_tags").select("tag").where("response_id", "=", row.id).executeTakeFirstOrThrow();
    expect(tag.tag).toBe("t\uFFFD");
    const blob = await db().selectFrom("response_tokens").select("tokens_blob").where("response_id", "=", row.id).executeTakeFirstOrThrow();
    expect(decodeTokens(blob.tokens_blob as Uint8Array).map((token) => token.token)).toEqual(["nul \u0000 inside"]);
  });
});
