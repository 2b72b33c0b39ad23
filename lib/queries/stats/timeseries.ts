import { responseFilterSql, type StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";
import { alignDown, bucketSizeMs } from "./granularity";

export interface TimeseriesPoint {
  /** Bucket start, epoch ms. */
  t: number;
  count: number;
  mean: number;
  p10: number;
  p90: number;
}

export interface TimeseriesSeries {
  key: string;
  points: TimeseriesPoint[];
}

export const MAX_SERIES = 8;

/**
 * Average logprob per time bucket and series (model or tag): mean of the responses'
 * avgLogprob, and the p10/p90 band (nearest-rank percentiles). Buckets with no responses are
 * absent here; the chart preparer turns them into gaps.
 *
 * SQL assigns the buckets (streaming the covering index, no sort); SQLite has no percentile
 * aggregate, and a window-function rank costs a full sort (~175 ms at 100k responses against
 * ~100 ms here), so the per-bucket mean and percentiles are taken from the streamed values.
 */
export function avgLogprobTimeseries(filter: StatsFilter, groupBy: "model" | "tag") {
  const bucketMs = bucketSizeMs(filter.to - filter.from);
  const start = alignDown(filter.from, bucketMs);
  const { where, params } = responseFilterSql(filter);
  const keyColumn = groupBy === "model" ? "r.model" : "t.tag";
  const join = groupBy === "tag" ? "JOIN response_tags t ON t.response_id = r.id" : "";
  const rows = sqlite()
    .prepare(
      `SELECT CAST((r.occurred_at - ?) / ? AS INTEGER) AS bi, ${keyColumn} AS k, r.avg_logprob AS v
       FROM responses r ${join}
       WHERE ${where} AND r.avg_logprob IS NOT NULL`,
    )
    .raw()
    .all(start, bucketMs, ...params) as Array<[number, string, number]>;

  // Group by series, then bucket.
  const groups = new Map<string, Map<number, number[]>>();
  for (const [bi, key, value] of rows) {
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, (buckets = new Map()));
    let values = buckets.get(bi);
    if (!values) buckets.set(bi, (values = []));
    values.push(value);
  }
  const totals = new Map<string, number>();
  const byKey = new Map<string, TimeseriesPoint[]>();
  for (const [key, buckets] of groups) {
    const points: TimeseriesPoint[] = [];
    let total = 0;
    for (const [bi, values] of buckets) {
      const sorted = Float64Array.from(values).sort();
      const n = sorted.length;
      let sum = 0;
      for (const value of sorted) sum += value;
      total += n;
      points.push({
        t: start + bi * bucketMs,
        count: n,
        mean: sum / n,
        p10: nearestRank(sorted, 0.1),
        p90: nearestRank(sorted, 0.9),
      });
    }
    byKey.set(key, points.sort((a, b) => a.t - b.t));
    totals.set(key, total);
  }
  // The busiest series first; past MAX_SERIES the rest are dropped (and reported).
  const keys = [...byKey.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const series: TimeseriesSeries[] = keys.slice(0, MAX_SERIES).map((key) => ({ key, points: byKey.get(key) ?? [] }));
  return { bucketMs, from: start, to: filter.to, groupBy, series, omittedSeries: Math.max(0, keys.length - MAX_SERIES) };
}

/** Nearest-rank percentile of ascending values: the value at rank ceil(p * n) (1-based). */
export function nearestRank(sorted: Float64Array, p: number): number {
  const rank = Math.max(1, Math.ceil(p * sorted.length - 1e-9));
  return sorted[rank - 1] as number;
}
