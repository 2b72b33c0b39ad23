import { beforeAll, describe, expect, it } from "vitest";
import { GET as alerts } from "@/app/api/v1/stats/alerts/route";
import { GET as heatmap } from "@/app/api/v1/stats/heatmap/route";
import { GET as histogram } from "@/app/api/v1/stats/histogram/route";
import { GET as kpis } from "@/app/api/v1/stats/kpis/route";
import { GET as timeseries } from "@/app/api/v1/stats/timeseries/route";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { describeEachBackend } from "./backends";
import { useTestAccounts } from "./testDb";

/**
 * The stats endpoints against a real database (SQLite and PostgreSQL) with hand-computable
 * data: every number asserted here is derived by hand from the records below.
 */
const HOUR = 3_600_000;
const T0 = Date.parse("2026-11-01T00:00:00Z");

// A loupe-format record whose tokens all have the given logprob: avgLogprob = logprob.
const record = (id: string, at: number, model: string, logprobs: number[], tags: string[] = []) => ({
  id, model, timestamp: at, tags,
  response: { tokens: logprobs.map((logprob, i) => ({ token: `t${i}`, logprob })) },
});

describeEachBackend("stats API", () => {
  const testDb = useTestAccounts();
  beforeAll(async () => {
    const records = [
      // previous period (T0-24h .. T0): 2 responses
      record("p1", T0 - 20 * HOUR, "m1", [-1, -1]),
      record("p2", T0 - 10 * HOUR, "m1", [-2]),
      // current period (T0 .. T0+24h)
      record("a", T0 + 0.5 * HOUR, "m1", [-0.1, -0.1, -0.1], ["rag"]), // avg -0.1
      record("b", T0 + 0.7 * HOUR, "m1", [-0.5], ["rag"]),              // avg -0.5
      record("c", T0 + 0.9 * HOUR, "m1", [-0.3]),                       // avg -0.3
      record("d", T0 + 5.2 * HOUR, "m2", [-4, -4]),                     // avg -4: flagged
      record("e", T0 + 5.3 * HOUR, "m2", [-0.01, -8]),                  // sudden drop: flagged
    ];
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, records.map((value) => ({ value })));
    expect(summary.errors).toBe(0);
  });

  const call = async (handler: (request: Request) => Promise<Response>, path: string) => {
    const url = new URL(`http://localhost${path}`);
    if (!url.searchParams.has("from")) url.searchParams.set("from", String(T0));
    if (!url.searchParams.has("to")) url.searchParams.set("to", String(T0 + 24 * HOUR));
    const response = await handler(new Request(url, { headers: { authorization: `Bearer ${testDb.apiKey}` } }));
    expect(response.status).toBe(200);
    return response.json();
  };

  describe("endpoints", () => {
    it("KPIs: counts, mean avgLogprob, median perplexity, flagged share, previous period", async () => {
      const body = await call(kpis, "/api/v1/stats/kpis");
      expect(body.current.responses).toBe(5);
      expect(body.current.tokens).toBe(9);
      const avgs = [-0.1, -0.5, -0.3, -4, (-0.01 - 8) / 2];
      expect(body.current.meanAvgLogprob).toBeCloseTo(avgs.reduce((s, v) => s + v, 0) / 5, 10);
      expect(body.current.medianPerplexity).toBeCloseTo(Math.exp(0.5), 10); // sorted perplexities: middle is avg -0.5
      expect(body.current.flaggedShare).toBeCloseTo(2 / 5, 10);
      expect(body.previous.responses).toBe(2);
      expect(body.previous.medianPerplexity).toBeCloseTo((Math.exp(1) + Math.exp(2)) / 2, 10);
    });

    it("time series: aligned buckets per model, mean and continuous p10/p90 (percentile_cont)", async () => {
      const body = await call(timeseries, "/api/v1/stats/timeseries?groupBy=model");
      expect(body.bucketMs).toBe(15 * 60_000); // 24 h span -> 96 buckets of 15 min
      const m1 = body.series.find((s: { key: string }) => s.key === "m1");
      // a (00:30) and b (00:42) share the 00:30 bucket; c (00:54) is in 00:45.
      expect(m1.points.map((p: { t: number }) => p.t)).toEqual([T0 + 30 * 60_000, T0 + 45 * 60_000]);
      // p10 and p90 of {-0.5, -0.1}: -0.5 + 0.1 * 0.4 and -0.5 + 0.9 * 0.4 (linear interpolation)
      expect(m1.points[0]).toMatchObject({ count: 2 });
      expect(m1.points[0].p10).toBeCloseTo(-0.46, 12);
      expect(m1.points[0].p90).toBeCloseTo(-0.14, 12);
      expect(m1.points[0].mean).toBeCloseTo(-0.3, 12);
      const byTag = await call(timeseries, "/api/v1/stats/timeseries?groupBy=tag");
      expect(byTag.series.map((s: { key: string }) => s.key)).toEqual(["rag"]);
    });

    it("histogram: fixed bins, edge clamping, previous period", async () => {
      const body = await call(histogram, "/api/v1/stats/histogram?metric=avgLogprob");
      expect(body).toMatchObject({ min: -4, max: 0, binWidth: 0.1 });
      expect(body.current.reduce((s: number, c: number) => s + c, 0)).toBe(5);
      // bins are [min + i*w, min + (i+1)*w): -4 and -4.005 (clamped) in bin 0, -0.5 in 35, -0.3 in 37, -0.1 in 39
      const nonEmpty = body.current.flatMap((count: number, bin: number) => (count > 0 ? [[bin, count]] : []));
      expect(nonEmpty).toEqual([[0, 2], [35, 1], [37, 1], [39, 1]]);
      expect(body.previous.reduce((s: number, c: number) => s + c, 0)).toBe(2);
      const bad = await histogram(new Request(`http://localhost/api/v1/stats/histogram?metric=drop_table`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }));
      expect(bad.status).toBe(400);
    });

    it("heatmap: token counts by position and probability bucket from the rollup", async () => {
      const body = await call(heatmap, "/api/v1/stats/heatmap");
      const total = body.cells.reduce((s: number, c: { count: number }) => s + c.count, 0);
      expect(total).toBe(9);
      // every token is at position < 10 -> position bucket 0; logprob -0.01 -> p 0.99 -> bucket 10
      expect(body.cells.every((c: { position: number }) => c.position === 0)).toBe(true);
      expect(body.cells.find((c: { prob: number }) => c.prob === 10)?.count).toBe(1);
      const m2 = await call(heatmap, "/api/v1/stats/heatmap?model=m2");
      expect(m2.cells.reduce((s: number, c: { count: number }) => s + c.count, 0)).toBe(4);
    });

    it("alert feed: newest flagged first, with reasons", async () => {
      const body = await call(alerts, "/api/v1/stats/alerts");
      expect(body.data.map((a: { model: string }) => a.model)).toEqual(["m2", "m2"]);
      expect(body.data[0].flags.map((f: { rule: string }) => f.rule)).toContain("suddenDrops");
      expect(body.data[1].flags.map((f: { rule: string }) => f.rule)).toContain("lowAvgLogprob");
    });

    it("refuses anonymous requests and inverted ranges", async () => {
      expect((await kpis(new Request("http://localhost/api/v1/stats/kpis"))).status).toBe(401);
      const inverted = await kpis(new Request(`http://localhost/api/v1/stats/kpis?from=${T0}&to=${T0 - 1}`, { headers: { authorization: `Bearer ${testDb.apiKey}` } }));
      expect(inverted.status).toBe(400);
    });
  });
});
