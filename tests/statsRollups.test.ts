import { beforeAll, expect, it } from "vitest";
import type { ResponseFilter } from "@/lib/api/schemas";
import { DEFAULT_PROJECT_ID } from "@/lib/db/bootstrap";
import { db } from "@/lib/db/database";
import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { HISTOGRAM_METRICS, PERCENTILE_BINS, type HistogramMetric } from "@/lib/db/rollupBins";
import { ingestRecords } from "@/lib/ingest/ingestRecords";
import { seededRandom } from "@/lib/llm/seededRandom";
import { countResponses } from "@/lib/queries/countResponses";
import { metricHistogram } from "@/lib/queries/stats/histogram";
import { kpis } from "@/lib/queries/stats/kpis";
import { percentileFromBins } from "@/lib/queries/stats/rollupRange";
import { avgLogprobTimeseries } from "@/lib/queries/stats/timeseries";
import { describeEachBackend } from "./backends";
import { rollupsAndRecount } from "./rollupRecount";
import { useTestAccounts } from "./testDb";

/**
 * The dashboard's aggregates from the hourly rollups (whole hours) and the rows (the partial
 * hours at the ends) against the same figures computed here from every response row, on both
 * databases: counts, sums and means exactly, histogram bins exactly, and percentiles read from
 * the 0.02-nat bins within one bin of the exact ones.
 */
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const T0 = Date.parse("2026-11-01T00:00:00Z");
const MODELS = ["m-a", "m-b", "m-c"];
const TAGS = ["rag", "chat", "eval"];
const BIN = (PERCENTILE_BINS.max - PERCENTILE_BINS.min) / PERCENTILE_BINS.bins;

function records(count: number) {
  const random = seededRandom(21);
  return Array.from({ length: count }, (_, i) => {
    const tokenCount = 1 + Math.floor(random() * 30);
    // Mostly confident, some very unsure tokens (a minLogprob past -20 lands in the histogram's edge
    // bin; at most every fourth token, so avgLogprob stays inside the percentile bins' [-20, 0]),
    // a few responses with no logprobs.
    const logprobs = Array.from({ length: tokenCount }, (_, k) => (k % 4 === 3 && random() < 0.3 ? -8 - random() * 20 : -random() * random() * 3));
    return {
      id: `rollup-${i}`,
      model: MODELS[i % MODELS.length],
      timestamp: T0 + Math.floor(random() * 6 * DAY),
      tags: TAGS.filter(() => random() < 0.4),
      response: { tokens: i % 41 === 40 ? [{ token: "x", logprob: null }] : logprobs.map((logprob, k) => ({ token: `t${k}`, logprob })) },
    };
  });
}

interface Row {
  occurred_at: number;
  model: string;
  token_count: number;
  flag_count: number;
  avg_logprob: number | null;
  min_logprob: number | null;
  perplexity: number | null;
  mean_entropy_bits: number | null;
  low_confidence_ratio: number | null;
  tags: string[];
}

describeEachBackend("dashboard aggregates from the rollups", ({ backend }) => {
  useTestAccounts();
  let rows: Row[] = [];

  beforeAll(async () => {
    const summary = await ingestRecords(db(), DEFAULT_PROJECT_ID, records(900).map((value) => ({ value })));
    expect(summary.errors).toBe(0);
    const stored = await db().selectFrom("responses").select(["id", "occurred_at", "model", "token_count", "flag_count", "avg_logprob", "min_logprob", "perplexity", "mean_entropy_bits", "low_confidence_ratio"]).execute();
    const tags = await db().selectFrom("response_tags").select(["response_id", "tag"]).execute();
    rows = stored.map((r) => ({ ...r, occurred_at: Number(r.occurred_at), tags: tags.filter((t) => t.response_id === r.id).map((t) => t.tag) }));
  }, 60_000);

  const inFilter = (f: StatsFilter) => rows.filter((r) => r.occurred_at >= f.from && r.occurred_at < f.to && (!f.model || r.model === f.model) && (!f.tag || r.tags.includes(f.tag)));
  const filter = (extra: Partial<StatsFilter>): StatsFilter => ({ projectId: DEFAULT_PROJECT_ID, from: T0 + 17 * 60_000 + 3, to: T0 + 5 * DAY + 41 * 60_000, ...extra });
  const filters = [
    filter({}),
    filter({ model: "m-b" }),
    filter({ tag: "rag" }),
    filter({ model: "m-c", tag: "eval" }),
    filter({ from: T0 + 2 * DAY + 5 * 60_000, to: T0 + 2 * DAY + 50 * 60_000 }), // inside one hour: rows only
    filter({ from: T0 + DAY, to: T0 + 2 * DAY }), // whole hours only
  ];

  it("stores rollups equal to a recount from the responses", async () => {
    const { hourly, bins } = await rollupsAndRecount(db());
    expect(hourly.stored.length).toBeGreaterThan(100);
    expect(hourly.stored).toEqual(hourly.recount);
    expect(bins.stored).toEqual(bins.recount);
  });

  it(`KPIs: counts, sums and means exact; the median exact under the threshold and within one bin above it [${backend}]`, async () => {
    for (const f of filters) {
      const expected = inFilter(f);
      expect(expected.length, JSON.stringify(f)).toBeGreaterThan(0);
      const withAvg = expected.filter((r) => r.avg_logprob !== null);
      const withMin = expected.filter((r) => r.min_logprob !== null);
      const perplexities = withAvg.map((r) => r.perplexity as number).sort((a, b) => a - b);
      const middle = Math.floor((perplexities.length - 1) / 2);
      const exactMedian = perplexities.length % 2 === 1 ? perplexities[middle] : ((perplexities[middle] as number) + (perplexities[middle + 1] as number)) / 2;

      const exact = (await kpis(f, { exactMax: Number.MAX_SAFE_INTEGER })).current;
      expect(exact.responses).toBe(expected.length);
      expect(exact.tokens).toBe(expected.reduce((sum, r) => sum + r.token_count, 0));
      expect(exact.flaggedShare).toBeCloseTo(expected.filter((r) => r.flag_count > 0).length / expected.length, 12);
      expect(exact.meanAvgLogprob).toBeCloseTo(withAvg.reduce((sum, r) => sum + (r.avg_logprob as number), 0) / withAvg.length, 9);
      expect(exact.meanMinLogprob).toBeCloseTo(withMin.reduce((sum, r) => sum + (r.min_logprob as number), 0) / withMin.length, 9);
      expect(exact.medianApproximate).toBe(false);
      expect(exact.medianPerplexity).toBeCloseTo(exactMedian as number, 9);

      const binned = (await kpis(f, { exactMax: 0 })).current;
      expect({ ...binned, medianPerplexity: 0, medianApproximate: false }).toEqual({ ...exact, medianPerplexity: 0 });
      expect(binned.medianApproximate).toBe(true);
      expect(Math.abs(Math.log(binned.medianPerplexity as number) - Math.log(exactMedian as number))).toBeLessThanOrEqual(BIN + 1e-9);
    }
  });

  it("the explorer's count: time, model, tag and flagged from the rollup and the edge rows, exact", async () => {
    const cases: Array<Partial<ResponseFilter>> = [{}, { from: T0 + 7 * 60_000, to: T0 + 3 * DAY + 1 }, { model: "m-a", tag: "chat" }, { flagged: true }, { flagged: false, tag: "eval" }, { from: T0 + DAY + 60_000, to: T0 + DAY + 120_000 }, { minAvgLogprob: -1, maxAvgLogprob: -0.2 }];
    for (const extra of cases) {
      const f = { from: undefined, to: undefined, ...extra } as ResponseFilter;
      const expected = rows.filter((r) =>
        (f.from === undefined || r.occurred_at >= f.from) && (f.to === undefined || r.occurred_at < f.to) && (!f.model || r.model === f.model) &&
        (!f.tag || r.tags.includes(f.tag)) && (f.flagged === undefined || (r.flag_count > 0) === f.flagged) &&
        (f.minAvgLogprob === undefined || (r.avg_logprob !== null && r.avg_logprob >= f.minAvgLogprob)) &&
        (f.maxAvgLogprob === undefined || (r.avg_logprob !== null && r.avg_logprob <= f.maxAvgLogprob)));
      expect((await countResponses(DEFAULT_PROJECT_ID, f)).total, JSON.stringify(extra)).toBe(expected.length);
    }
    expect(rows.some((r) => r.flag_count > 0)).toBe(true);
  });

  it("histogram bins exact for every metric, current and previous period", async () => {
    for (const metric of Object.keys(HISTOGRAM_METRICS) as HistogramMetric[]) {
      const { column, min, max, bins } = HISTOGRAM_METRICS[metric];
      const width = (max - min) / bins;
      for (const f of filters) {
        const counts = (subset: Row[]) => {
          const out = new Array<number>(bins).fill(0);
          for (const r of subset) {
            const v = r[column as keyof Row] as number | null;
            if (v !== null) out[Math.min(Math.max(Math.trunc((v - min) / width + 1e-9), 0), bins - 1)]! += 1;
          }
          return out;
        };
        const answer = await metricHistogram(f, metric);
        expect(answer.current, `${metric} ${JSON.stringify(f)}`).toEqual(counts(inFilter(f)));
        const span = f.to - f.from;
        expect(answer.previous).toEqual(counts(inFilter({ ...f, from: f.from - span, to: f.from })));
      }
    }
  });

  it("time series: the same buckets and counts, exact means, and p10/p90 within one bin of percentile_cont", async () => {
    let compared = 0;
    for (const f of filters.slice(0, 4)) {
      for (const groupBy of ["model", "tag"] as const) {
        const exact = await avgLogprobTimeseries(f, groupBy, { exactMax: Number.MAX_SAFE_INTEGER });
        const binned = await avgLogprobTimeseries(f, groupBy, { exactMax: 0 });
        expect(exact.approximate).toBe(false);
        // By tag under a tag filter the series are the filtered responses' other tags too: from the rows.
        expect(binned.approximate).toBe(!(groupBy === "tag" && f.tag));
        expect(exact.bucketMs % HOUR).toBe(0);
        expect(binned.series.map((s) => s.key)).toEqual(exact.series.map((s) => s.key));
        for (const [i, series] of exact.series.entries()) {
          const other = binned.series[i]!.points;
          expect(other.map((p) => [p.t, p.count]), JSON.stringify({ f, groupBy, key: series.key })).toEqual(series.points.map((p) => [p.t, p.count]));
          series.points.forEach((p, k) => {
            const q = other[k]!;
            expect(q.mean).toBeCloseTo(p.mean, 9);
            expect(Math.abs(q.p10 - p.p10), JSON.stringify({ p, q, groupBy, f })).toBeLessThanOrEqual(BIN + 1e-9);
            expect(Math.abs(q.p90 - p.p90)).toBeLessThanOrEqual(BIN + 1e-9);
            compared++;
          });
        }
      }
    }
    expect(compared).toBeGreaterThan(200);
  });
});

it("percentiles from bins: evenly spread within a bin, interpolated between neighbours like percentile_cont", () => {
  const def = { min: 0, max: 10, bins: 10 };
  // Two values in bin 2 ([2, 3)): at 2.25 and 2.75; one in bin 7: at 7.5.
  const counts = new Map([[2, 2], [7, 1]]);
  expect(percentileFromBins(counts, 0, def)).toBeCloseTo(2.25, 12);
  expect(percentileFromBins(counts, 0.5, def)).toBeCloseTo(2.75, 12);
  expect(percentileFromBins(counts, 1, def)).toBeCloseTo(7.5, 12);
  expect(percentileFromBins(counts, 0.75, def)).toBeCloseTo(2.75 + (7.5 - 2.75) / 2, 12);
  expect(percentileFromBins(new Map(), 0.5, def)).toBeNull();
});
