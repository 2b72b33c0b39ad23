import { expect, it } from "vitest";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { HOUR_MS } from "@/lib/db/dialect";
import { DAY_MS } from "@/lib/db/partitions";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { positionBucket, probBucket } from "@/lib/metrics/heatmapBuckets";
import { positionConfidenceHeatmap } from "@/lib/queries/stats/heatmap";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * The heatmap reads whole days from the daily cells and the ends of its range from the hourly
 * cells; whatever the range, it must equal a recount of the stored tokens of the responses in
 * the range's hours.
 */
const T0 = Date.UTC(2026, 10, 18); // a UTC midnight
const record = (n: number) => {
  const tokens = Array.from({ length: 3 + (n % 130) }, (_, i) => ({ token: `t${i}`, logprob: -((n + i) % 23) / 5, bytes: null, top_logprobs: [] }));
  return {
    id: `hm-${n}`,
    timestamp: new Date(T0 + ((n * 7) % 80) * HOUR_MS + (n % 60) * 60_000).toISOString(), // 80 hours: four days touched
    model: n % 3 ? "m1" : "m2",
    response: { id: `c-${n}`, object: "chat.completion", created: 1, model: "x",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: "x" }, logprobs: { content: tokens } }] },
  };
};

describeEachBackend("heatmap rollup reads", ({ db }) => {
  useTestAccounts();

  async function recount(from: number, to: number, model?: string) {
    const rows = await db().selectFrom("responses as r").innerJoin("response_tokens as t", "t.response_id", "r.id")
      .select(["r.occurred_at", "r.model", "t.tokens_blob"]).execute();
    const counts = new Map<string, number>();
    for (const row of rows) {
      const hour = Math.floor(row.occurred_at / HOUR_MS) * HOUR_MS;
      if (hour < from || hour >= to || (model && row.model !== model)) continue;
      decodeTokens(row.tokens_blob).forEach((token, position) => {
        if (token.logprob === null) return;
        const key = `${positionBucket(position)}|${probBucket(Math.exp(token.logprob))}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      });
    }
    return counts;
  }

  it("equals a recount of the tokens for ranges of hours, of whole days and of both", async () => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, Array.from({ length: 150 }, (_, n) => ({ value: record(n) })));
    expect(summary).toMatchObject({ ingested: 150, errors: 0 });
    const ranges: Array<[number, number, string?]> = [
      [T0, T0 + 4 * DAY_MS], // whole days only
      [T0 + 5 * HOUR_MS, T0 + 3 * DAY_MS + 7 * HOUR_MS + 1], // partial days at both ends, a partial last hour
      [T0 + 30 * HOUR_MS, T0 + 40 * HOUR_MS], // within one day: hours only
      [T0 + 20 * HOUR_MS + 5, T0 + 2 * DAY_MS, "m2"], // unaligned start (widened to its hour), one model
    ];
    for (const [from, to, model] of ranges) {
      const heatmap = await positionConfidenceHeatmap({ projectId: DEFAULT_PROJECT_ID, from, to, model });
      const got = new Map(heatmap.cells.map((c) => [`${c.position}|${c.prob}`, c.count]));
      expect(got, `${new Date(from).toISOString()} – ${new Date(to).toISOString()} ${model ?? ""}`).toEqual(await recount(heatmap.from, to, model));
      expect(got.size).toBeGreaterThan(0);
    }
  });
});
