import { afterAll, beforeAll, expect, it } from "vitest";
import { takeIngestToken } from "@/lib/api/rateLimit";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { createDataLayer, type DataLayer } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/dialect";
import { migratePostgres } from "@/lib/db/migratePostgres";
import { ingestRecords, type IngestSummary } from "@/lib/ingest/ingestRecords";
import { positionBucket, probBucket } from "@/lib/metrics/heatmapBuckets";
import { decodeTokens } from "@/lib/storage/tokenBlob";
import { describePostgres } from "./backends";
import { rollupsAndRecount } from "./rollupRecount";

/**
 * Two app instances on one PostgreSQL (two data layers, each with its own pool) ingest at the
 * same time, several batches in flight each, half the external ids sent to both: nothing lost,
 * nothing stored twice, every rollup equal to a recount from the responses, and one rate limit
 * across both. (The lead may extend this to two real servers.)
 */
const T0 = Date.UTC(2026, 10, 20, 10);
const RECORDS = 240;
const BATCH = 12;

const record = (n: number) => {
  const tokens = Array.from({ length: 5 + (n % 17) }, (_, i) => ({
    token: `t${i}`, logprob: -((n * 7 + i * 3) % 40) / 10, bytes: null,
    top_logprobs: [{ token: `t${i}`, logprob: -((n * 7 + i * 3) % 40) / 10, bytes: null }, { token: "alt", logprob: -5, bytes: null }],
  }));
  return {
    id: `cc-${n}`,
    // Four hours and two models: every batch of both instances hits the same rollup rows.
    timestamp: new Date(T0 + (n % 4) * HOUR_MS + n * 1000).toISOString(),
    model: n % 2 ? "m-odd" : "m-even",
    tags: n % 3 ? ["shared"] : ["shared", "third"],
    response: {
      id: `c-${n}`, object: "chat.completion", created: 1_733_743_961, model: "ignored",
      choices: [{ index: 0, finish_reason: "stop", message: { role: "assistant", content: tokens.map((t) => t.token).join("") }, logprobs: { content: tokens } }],
    },
  };
};

/**
 * Sends `indexes` in batches, `inFlight` at once, through one instance's data layer: the batches'
 * summaries, and the id the instance reported for each external id.
 */
async function ingestThrough(layer: DataLayer, indexes: number[], inFlight: number) {
  const batches: number[][] = [];
  for (let i = 0; i < indexes.length; i += BATCH) batches.push(indexes.slice(i, i + BATCH));
  const summaries: IngestSummary[] = [];
  const reportedIds: Array<[externalId: string, id: number | undefined]> = [];
  let next = 0;
  const sender = async () => {
    while (next < batches.length) {
      const records = (batches[next++] as number[]).map(record);
      const summary = await ingestRecords(layer, DEFAULT_PROJECT_ID, records.map((value) => ({ value })));
      summaries.push(summary);
      for (const result of summary.results) reportedIds.push([(records[result.index] as ReturnType<typeof record>).id, result.id]);
    }
  };
  await Promise.all(Array.from({ length: inFlight }, sender));
  return { summaries, reportedIds };
}

describePostgres("two app instances ingesting into one PostgreSQL", ({ createDatabase }) => {
  let first: DataLayer;
  let second: DataLayer;
  beforeAll(async () => {
    const url = await createDatabase();
    first = createDataLayer(url);
    second = createDataLayer(url);
    await migratePostgres(first);
    await first.insertInto("projects").values({ id: DEFAULT_PROJECT_ID, name: "Default", is_demo: false, created_at: T0 }).execute();
  });
  afterAll(async () => {
    await first?.destroy();
    await second?.destroy();
  });

  it("loses nothing, stores nothing twice, and keeps every rollup equal to a recount", async () => {
    const all = Array.from({ length: RECORDS }, (_, n) => n);
    // The first instance sends 0..179, the second 60..239 backwards: 60..179 go to both.
    const toFirst = all.slice(0, 180);
    const toSecond = all.slice(60).reverse();
    const [viaFirst, viaSecond] = await Promise.all([ingestThrough(first, toFirst, 3), ingestThrough(second, toSecond, 3)]);
    const summaries = [...viaFirst.summaries, ...viaSecond.summaries];

    const results = summaries.flatMap((summary) => summary.results);
    expect(results.filter((r) => r.error)).toEqual([]);
    const ingested = summaries.reduce((sum, s) => sum + s.ingested, 0);
    const duplicates = summaries.reduce((sum, s) => sum + s.duplicates, 0);
    expect(ingested).toBe(RECORDS);
    expect(duplicates).toBe(toFirst.length + toSecond.length - RECORDS);

    // One row per external id, and both instances report the same id for a record sent to both: that row's.
    const rows = await first.selectFrom("responses").select(["id", "external_id"]).execute();
    expect(rows).toHaveLength(RECORDS);
    const storedId = new Map(rows.map((r) => [r.external_id, Number(r.id)]));
    expect(storedId.size).toBe(RECORDS);
    const idsByExternalId = new Map<string, Set<number | undefined>>();
    for (const [externalId, id] of [...viaFirst.reportedIds, ...viaSecond.reportedIds]) {
      idsByExternalId.set(externalId, (idsByExternalId.get(externalId) ?? new Set()).add(id));
    }
    expect(idsByExternalId.size).toBe(RECORDS);
    expect([...idsByExternalId].filter(([externalId, ids]) => ids.size !== 1 || !ids.has(storedId.get(externalId)))).toEqual([]);
    const tokenRows = await first.selectFrom("response_tokens").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(tokenRows.n)).toBe(RECORDS);
    const tagRows = await first.selectFrom("response_tags").select((eb) => eb.fn.countAll<number>().as("n")).executeTakeFirstOrThrow();
    expect(Number(tagRows.n)).toBe(RECORDS + all.filter((n) => n % 3 === 0).length);

    // Hourly rollups and metric bins (every response, and per tag) against a recount from the responses.
    const { hourly, bins } = await rollupsAndRecount(first);
    expect(hourly.stored.length).toBeGreaterThan(0);
    expect(hourly.stored).toEqual(hourly.recount);
    expect(bins.stored).toEqual(bins.recount);

    // Heatmap cells against a recount from the stored token blobs.
    const blobs = await first.selectFrom("responses as r").innerJoin("response_tokens as t", "t.response_id", "r.id")
      .select(["r.occurred_at", "r.model", "t.tokens_blob"]).execute();
    const expected = new Map<string, number>();
    for (const blob of blobs) {
      const bucket = Math.floor(blob.occurred_at / HOUR_MS) * HOUR_MS;
      decodeTokens(blob.tokens_blob).forEach((token, position) => {
        if (token.logprob === null) return;
        const key = `${bucket}|${blob.model}|${positionBucket(position)}|${probBucket(Math.exp(token.logprob))}`;
        expected.set(key, (expected.get(key) ?? 0) + 1);
      });
    }
    const cells = await first.selectFrom("token_position_cells").selectAll().execute();
    const stored = new Map(cells.map((c) => [`${c.bucket_start}|${c.model}|${c.position_bucket}|${c.prob_bucket}`, c.token_count]));
    expect(stored).toEqual(expected);
  });

  it("enforces one rate limit across both instances", async () => {
    const at = T0; // one instant: no refill, so exactly the bucket passes
    const attempts = await Promise.all(
      Array.from({ length: 40 }, (_, i) => takeIngestToken(i % 2 ? first : second, "key-both", 15, at)),
    );
    expect(attempts.filter((d) => d.allowed)).toHaveLength(15);
    expect(attempts.filter((d) => !d.allowed).every((d) => !d.allowed && d.retryAfterSeconds >= 1)).toBe(true);
  });
});
