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
 */
export function avgLogprobTimeseries(filter: StatsFilter, groupBy: "model" | "tag") {
  const bucketMs = bucketSizeMs(filter.to - filter.from);
  const start = alignDown(filter.from, bucketMs);
  const { where, params } = responseFilterSql(filter);
  const keyColumn = groupBy === "model" ? "r.model" : "t.tag";
  const join = groupBy === "tag" ? "JOIN response_tags t ON t.response_id = r.id" : "";
  const rows = sqlite()
    .prepare(
      `WITH b AS (
         SELECT CAST((r.occurred_at - ?) / ? AS INTEGER) AS bi, ${keyColumn} AS k, r.avg_logprob AS v
         FROM responses r ${join}
         WHERE ${where} AND r.avg_logprob IS NOT NULL
       ), ranked AS (
         -- One window (one sort): the count spans the whole partition through its frame.
         SELECT bi, k, v, ROW_NUMBER() OVER w AS rn,
                COUNT(*) OVER (w ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) AS n
         FROM b WINDOW w AS (PARTITION BY bi, k ORDER BY v)
       )
       SELECT bi, k, COUNT(*) AS count, AVG(v) AS mean,
              MIN(CASE WHEN rn * 10 >= n THEN v END) AS p10,
              MIN(CASE WHEN rn * 10 >= n * 9 THEN v END) AS p90
       FROM ranked GROUP BY bi, k`,
    )
    .all(start, bucketMs, ...params) as Array<{ bi: number; k: string; count: number; mean: number; p10: number; p90: number }>;

  const byKey = new Map<string, TimeseriesPoint[]>();
  const totals = new Map<string, number>();
  for (const row of rows) {
    const points = byKey.get(row.k) ?? [];
    points.push({ t: start + row.bi * bucketMs, count: row.count, mean: row.mean, p10: row.p10, p90: row.p90 });
    byKey.set(row.k, points);
    totals.set(row.k, (totals.get(row.k) ?? 0) + row.count);
  }
  // The busiest series first; past MAX_SERIES the rest are dropped (and reported).
  const keys = [...byKey.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0));
  const series: TimeseriesSeries[] = keys
    .slice(0, MAX_SERIES)
    .map((key) => ({ key, points: (byKey.get(key) ?? []).sort((a, b) => a.t - b.t) }));
  return { bucketMs, from: start, to: filter.to, groupBy, series, omittedSeries: Math.max(0, keys.length - MAX_SERIES) };
}
