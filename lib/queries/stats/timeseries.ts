import { sql } from "kysely";
import { backend, db } from "@/lib/db/database";
import { bucketIndex, HOUR_MS } from "@/lib/db/dialect";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";
import { binOf, PERCENTILE_BINS, PERCENTILE_METRIC_CODE } from "@/lib/db/rollupBins";
import { sqlite } from "@/lib/db/sqlite";
import { alignDown, bucketSizeMs } from "./granularity";
import { addToBins, exactStatsMax, hourlyRollups, metricBins, percentileFromBins, rollupResponseCount, splitAtHours } from "./rollupRange";

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

type GroupBy = "model" | "tag";
/** One bucket of one series: bucket index after `start`, series key and its statistics. */
interface BucketStats {
  bi: number;
  key: string;
  count: number;
  mean: number;
  p10: number;
  p90: number;
}

/**
 * Average logprob per time bucket and series (model or tag): mean of the responses'
 * avgLogprob, and the p10/p90 band (continuous percentiles, PostgreSQL's `percentile_cont`).
 * Buckets with no responses are absent here; the chart preparer turns them into gaps.
 */
export async function avgLogprobTimeseries(filter: StatsFilter, groupBy: GroupBy, options: { exactMax?: number } = {}) {
  const bucketMs = bucketSizeMs(filter.to - filter.from);
  const start = alignDown(filter.from, bucketMs);
  // Hour-sized buckets or wider over more responses than LOUPE_STATS_EXACT_MAX: from the rollups.
  // Not grouped by tag under a tag filter: the series are then the filtered responses' other
  // tags too, which the rollup (one tag per row) cannot tell.
  const fromRollups =
    bucketMs % HOUR_MS === 0 && !(groupBy === "tag" && filter.tag) && (await rollupResponseCount(filter)) > (options.exactMax ?? exactStatsMax());
  const buckets = fromRollups
    ? await bucketStatsRollups(filter, groupBy, start, bucketMs)
    : backend() === "postgres"
      ? await bucketStatsPostgres(filter, groupBy, start, bucketMs)
      : await bucketStatsSqlite(filter, groupBy, start, bucketMs);
  const totals = new Map<string, number>();
  const byKey = new Map<string, TimeseriesPoint[]>();
  for (const { bi, key, count, mean, p10, p90 } of buckets) {
    let points = byKey.get(key);
    if (!points) byKey.set(key, (points = []));
    points.push({ t: start + bi * bucketMs, count, mean, p10, p90 });
    totals.set(key, (totals.get(key) ?? 0) + count);
  }
  for (const points of byKey.values()) points.sort((a, b) => a.t - b.t);
  // The busiest series first (ties by key, so both databases agree); past MAX_SERIES the rest are dropped (and reported).
  const keys = [...byKey.keys()].sort((a, b) => (totals.get(b) ?? 0) - (totals.get(a) ?? 0) || (a < b ? -1 : a > b ? 1 : 0));
  const series: TimeseriesSeries[] = keys.slice(0, MAX_SERIES).map((key) => ({ key, points: byKey.get(key) ?? [] }));
  return { bucketMs, from: start, to: filter.to, groupBy, series, omittedSeries: Math.max(0, keys.length - MAX_SERIES), approximate: fromRollups };
}

/**
 * Buckets from the hourly rollups: count and mean exact (sums of the rollup's counts and
 * avgLogprob sums), p10/p90 from the 0.02-nat avgLogprob bins (within one bin of the exact
 * percentile); the partial hours at the range's ends from the rows, binned alike. Grouped by
 * tag, a response counts under each of its tags, as the rows' join does.
 */
async function bucketStatsRollups(filter: StatsFilter, groupBy: GroupBy, start: number, bucketMs: number): Promise<BucketStats[]> {
  const { hours, edges } = splitAtHours(filter);
  const acc = new Map<string, { bi: number; key: string; count: number; sum: number; bins: Map<number, number> }>();
  const cell = (bi: number, key: string) => {
    const id = `${bi}\u0000${key}`;
    let found = acc.get(id);
    if (!found) acc.set(id, (found = { bi, key, count: 0, sum: 0, bins: new Map() }));
    return found;
  };
  if (hours) {
    const bi = bucketIndex(backend(), "bucket_start", start, bucketMs);
    const key = sql.ref<string>(groupBy === "model" ? "model" : "tag");
    const rows = { eachTag: groupBy === "tag" };
    const sums = await hourlyRollups(filter, hours, rows)
      .select([bi.as("bi"), key.as("key"), sql<number>`SUM(avg_logprob_count)`.as("count"), sql<number>`SUM(sum_avg_logprob)`.as("sum")])
      .groupBy([sql.ref("bi"), sql.ref("key")])
      .execute();
    for (const row of sums) {
      const c = cell(Number(row.bi), row.key);
      c.count += Number(row.count);
      c.sum += Number(row.sum);
    }
    const bins = await metricBins(filter, hours, PERCENTILE_METRIC_CODE, rows)
      .select([bi.as("bi"), key.as("key"), "bin", sql<number>`SUM(response_count)`.as("n")])
      .groupBy([sql.ref("bi"), sql.ref("key"), "bin"])
      .execute();
    for (const row of bins) addToBins(cell(Number(row.bi), row.key).bins, row.bin, Number(row.n));
  }
  for (const edge of edges) {
    const { query, bi, key } = seriesScope(edge, groupBy, start, bucketMs);
    const rows = await query.select([bi.as("bi"), key.as("key"), "r.avg_logprob as v"]).execute();
    for (const row of rows) {
      const c = cell(Number(row.bi), row.key);
      const v = row.v as number;
      c.count += 1;
      c.sum += v;
      addToBins(c.bins, binOf(v, PERCENTILE_BINS), 1);
    }
  }
  return [...acc.values()]
    .filter((c) => c.count > 0)
    .map((c) => ({ bi: c.bi, key: c.key, count: c.count, mean: c.sum / c.count, p10: percentileFromBins(c.bins, 0.1, PERCENTILE_BINS) ?? c.sum / c.count, p90: percentileFromBins(c.bins, 0.9, PERCENTILE_BINS) ?? c.sum / c.count }));
}

/** The filter's responses with an avgLogprob, their bucket index and series key (the series' rows). */
function seriesScope(filter: StatsFilter, groupBy: GroupBy, start: number, bucketMs: number) {
  const query = db()
    .selectFrom("responses as r")
    .$if(groupBy === "tag", (scope) => scope.innerJoin("response_tags as t", "t.response_id", "r.id"))
    .where(responseFilterWhere(filter))
    .where("r.avg_logprob", "is not", null);
  return { query, bi: bucketIndex(backend(), "r.occurred_at", start, bucketMs), key: sql.ref<string>(groupBy === "model" ? "r.model" : "t.tag") };
}

/** PostgreSQL: count, mean and `percentile_cont` per bucket and series, in one aggregate. */
async function bucketStatsPostgres(filter: StatsFilter, groupBy: GroupBy, start: number, bucketMs: number): Promise<BucketStats[]> {
  const { query, bi, key } = seriesScope(filter, groupBy, start, bucketMs);
  const rows = await query
    .select([
      bi.as("bi"),
      key.as("key"),
      sql<number>`COUNT(*)`.as("count"),
      sql<number>`AVG(${sql.ref("r.avg_logprob")})`.as("mean"),
      sql<number>`percentile_cont(0.1) WITHIN GROUP (ORDER BY ${sql.ref("r.avg_logprob")})`.as("p10"),
      sql<number>`percentile_cont(0.9) WITHIN GROUP (ORDER BY ${sql.ref("r.avg_logprob")})`.as("p90"),
    ])
    .$castTo<BucketStats>()
    // By the output names: the bucket expression's bound parameters would not match a repeated copy of it.
    .groupBy([sql.ref("bi"), sql.ref("key")])
    .execute();
  return rows.map((row) => ({ ...row, bi: Number(row.bi), count: Number(row.count), mean: Number(row.mean), p10: Number(row.p10), p90: Number(row.p90) }));
}

/**
 * SQLite has no percentile aggregate, and a window-function rank costs a full sort (~175 ms at
 * 100k responses against ~100 ms here): SQL assigns the buckets (streaming the covering index,
 * no sort) and the per-bucket mean and percentiles are taken from the streamed values.
 */
async function bucketStatsSqlite(filter: StatsFilter, groupBy: GroupBy, start: number, bucketMs: number): Promise<BucketStats[]> {
  const { query, bi, key } = seriesScope(filter, groupBy, start, bucketMs);
  // Kysely writes the query; better-sqlite3 runs it returning rows as arrays. At 100k rows,
  // Kysely's row objects made this endpoint 30% slower (bench:overview, 30 days: 85 ms against
  // 65 ms before the data layer; 69 ms like this).
  const compiled = query.select([bi.as("bi"), key.as("key"), "r.avg_logprob as v"]).compile();
  const rows = sqlite().prepare(compiled.sql).raw().all(...compiled.parameters) as Array<[number, string, number]>;
  const groups = new Map<string, Map<number, number[]>>();
  for (const [bi, key, v] of rows) {
    let buckets = groups.get(key);
    if (!buckets) groups.set(key, (buckets = new Map()));
    let values = buckets.get(bi);
    if (!values) buckets.set(bi, (values = []));
    values.push(v);
  }
  const stats: BucketStats[] = [];
  for (const [key, buckets] of groups) {
    for (const [bi, values] of buckets) {
      const sorted = Float64Array.from(values).sort();
      let sum = 0;
      for (const value of sorted) sum += value;
      stats.push({ bi, key, count: sorted.length, mean: sum / sorted.length, p10: continuousPercentile(sorted, 0.1), p90: continuousPercentile(sorted, 0.9) });
    }
  }
  return stats;
}

/**
 * Continuous percentile of ascending values, as PostgreSQL's `percentile_cont`: the value at
 * 0-based position p * (n - 1), interpolated linearly between its neighbours.
 */
export function continuousPercentile(sorted: Float64Array, p: number): number {
  const position = p * (sorted.length - 1);
  const below = Math.floor(position);
  const lower = sorted[below] as number;
  const upper = sorted[Math.min(below + 1, sorted.length - 1)] as number;
  return lower + (upper - lower) * (position - below);
}
