import { expect, it } from "vitest";
import { createThresholdJob, runThresholdJobBatch } from "@/lib/alerts/thresholdJobs";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { DAY_MS } from "@/lib/db/partitions";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { sampleConsistency } from "@/lib/metrics/sampleConsistency";
import { storedSampleConsistency } from "@/lib/queries/storedConsistency";
import { responseHallucinationScore } from "@/lib/triage/verdicts";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * The hallucination score's sibling-sample term (+2 below 0.7 consistency) must hold when a
 * stored response is judged again: by a re-apply job, and in the score a triage verdict keeps.
 * Both used to leave it out, so a response that scored 3 at ingest scored 1 afterwards.
 */
describeEachBackend("sample consistency of stored responses", () => {
  useTestAccounts();
  const at = Date.parse("2026-11-20T10:00:00Z");
  const TEXTS = ["The capital of Australia is Sydney", "Canberra hosts the parliament buildings"];
  // Two choices of one request that disagree; every token at -2.5: avgLogprob +1, consistency +2.
  const choice = (index: number, text: string) => ({
    index, finish_reason: "stop", message: { role: "assistant", content: text },
    logprobs: { content: text.split(" ").map((word) => ({ token: ` ${word}`, logprob: -2.5, bytes: null, top_logprobs: [{ token: ` ${word}`, logprob: -2.5, bytes: null }, { token: " x", logprob: -3.5, bytes: null }] })) },
  });
  const record = { id: "two-choices", timestamp: at, response: { id: "chatcmpl-2", object: "chat.completion", created: at / 1000, model: "m", choices: TEXTS.map((text, i) => choice(i, text)) } };

  it("gives each stored choice the consistency ingest computed, and the score and re-apply keep its +2", async () => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, [{ value: record }]);
    expect(summary.errors).toBe(0);
    const ids = summary.results[0]?.sampleIds as number[];
    expect(ids).toHaveLength(2);
    const expected = sampleConsistency(TEXTS).consistency as number;
    expect(expected).toBeLessThan(0.7);

    const rows = await db().selectFrom("responses").select(["id", "external_id", "metadata"]).where("id", "in", ids).execute();
    const stored = await storedSampleConsistency(db(), DEFAULT_PROJECT_ID, rows.map((row) => ({ id: Number(row.id), externalId: row.external_id, metadata: row.metadata })));
    expect([...stored.values()]).toEqual([expected, expected]);

    const alerts = () => db().selectFrom("alerts").select(["response_id", "status", "value"]).where("detector", "=", "hallucinationScore").orderBy("response_id").execute();
    expect((await alerts()).map((a) => [Number(a.response_id), a.status, Number(a.value)])).toEqual(ids.map((id) => [id, "open", 3]));
    for (const id of ids) expect(await responseHallucinationScore(db(), DEFAULT_PROJECT_ID, id)).toBe(3);

    // Re-apply the (unchanged) thresholds: the job judges both responses again (it covers only
    // those received by its creation, and ingest stamped them with the clock), and they stay open.
    const createdAt = Date.now();
    const days = Math.ceil((createdAt - at) / DAY_MS) + 1; // back to the records' own time
    expect(await createThresholdJob(db(), DEFAULT_PROJECT_ID, days, "test", createdAt)).toMatchObject({ total: ids.length });
    let job;
    while ((job = await runThresholdJobBatch(db(), { now: createdAt + 60_000 })) && job.status !== "done");
    expect(job).toMatchObject({ status: "done", total: ids.length, processed: ids.length, cleared: 0 });
    expect((await alerts()).map((a) => a.status)).toEqual(["open", "open"]);
  });
});
