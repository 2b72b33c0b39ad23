import { expect, it } from "vitest";
import { describeEachBackend } from "@/tests/backends";
import { useIngestTestSetup } from "@/tests/testDb";
import { ingestRecords } from "./ingestRecords";

/**
 * A record the database refuses costs only itself, also on PostgreSQL, where a batch is one
 * statement per table: PostgreSQL's text cannot hold U+0000, which SQLite stores as given. The
 * batch is then retried record by record and only that record reports `write_failed`.
 */
const record = (id: string, content: string) => ({
  id,
  response: {
    id: `c-${id}`, object: "chat.completion", created: 1_733_743_961, model: "m",
    choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content },
      logprobs: { content: [{ token: content, logprob: -0.1, top_logprobs: [] }] } }],
  },
});

describeEachBackend("a record the database refuses", ({ backend, db }) => {
  useIngestTestSetup();

  it("fails alone, by index, and the rest of its batch is stored", async () => {
    const summary = await ingestRecords(db(), "default", [
      { value: record("nul-a", "fine") },
      { value: record("nul-b", "nul \u0000 inside") },
      { value: record("nul-c", "also fine") },
    ]);
    const stored = await db().selectFrom("responses").select("external_id").orderBy("external_id").execute();
    if (backend === "postgres") {
      expect(summary).toMatchObject({ ingested: 2, errors: 1 });
      expect(summary.results[1]).toEqual({ index: 1, error: { code: "write_failed", message: "the record could not be stored" } });
      expect(stored.map((r) => r.external_id)).toEqual(["nul-a", "nul-c"]);
    } else {
      expect(summary).toMatchObject({ ingested: 3, errors: 0 });
      expect(stored.map((r) => r.external_id)).toEqual(["nul-a", "nul-b", "nul-c"]);
    }
    const rollup = await db().selectFrom("response_hourly_rollups").select((eb) => eb.fn.sum<number>("response_count").as("n")).where("tag", "=", "").executeTakeFirstOrThrow();
    expect(Number(rollup.n)).toBe(stored.length);
  });
});
