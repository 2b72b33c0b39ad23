import { env } from "@/lib/config/env";
import { db } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/dialect";
import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { binWidth } from "@/lib/db/rollupBins";

/**
 * The dashboard's range read from the hourly rollups (response_hourly_rollups,
 * response_metric_bins): the whole UTC hours inside [from, to) come from the rollups, the
 * partial hours at either end from the response rows, so a sum or a count is exact whatever
 * the range. Tag '' rows hold every response; a tag filter reads that tag's rows.
 */
export interface RangeSplit {
  /** Whole hours [from, to) answered by the rollups, or null when the range holds none. */
  hours: { from: number; to: number } | null;
  /** The partial hours at the ends, answered by the rows (each a StatsFilter of its own). */
  edges: StatsFilter[];
}

export function splitAtHours(filter: StatsFilter): RangeSplit {
  const first = Math.ceil(filter.from / HOUR_MS) * HOUR_MS;
  const last = Math.floor(filter.to / HOUR_MS) * HOUR_MS;
  if (first >= last) return { hours: null, edges: filter.from < filter.to ? [filter] : [] };
  const edges: StatsFilter[] = [];
  if (filter.from < first) edges.push({ ...filter, to: first });
  if (last < filter.to) edges.push({ ...filter, from: last });
  return { hours: { from: first, to: last }, edges };
}

/** Above this many responses in a range, percentiles come from the rollup's bins (README, "Metrics"). */
export const exactStatsMax = (): number => env().LOUPE_STATS_EXACT_MAX;

/**
 * Which rollup rows a query reads: the filter's tag ('' = every response), or with `eachTag`
 * the rows of every tag (a response once per tag, as grouping the rows by tag counts it).
 */
type TagRows = { eachTag?: boolean };

/** The rollup rows of the filter's project, tag, whole hours and model. */
export function hourlyRollups(filter: StatsFilter, hours: { from: number; to: number }, rows: TagRows = {}) {
  return db()
    .selectFrom("response_hourly_rollups")
    .where("project_id", "=", filter.projectId)
    .$call((qb) => (rows.eachTag ? qb.where("tag", "<>", "") : qb.where("tag", "=", filter.tag ?? "")))
    .where("bucket_start", ">=", hours.from)
    .where("bucket_start", "<", hours.to)
    .$if(Boolean(filter.model), (qb) => qb.where("model", "=", filter.model as string));
}

/** The metric-bin rows of one metric code, scoped like hourlyRollups. */
export function metricBins(filter: StatsFilter, hours: { from: number; to: number }, metric: number, rows: TagRows = {}) {
  return db()
    .selectFrom("response_metric_bins")
    .where("project_id", "=", filter.projectId)
    .$call((qb) => (rows.eachTag ? qb.where("tag", "<>", "") : qb.where("tag", "=", filter.tag ?? "")))
    .where("metric", "=", metric)
    .where("bucket_start", ">=", hours.from)
    .where("bucket_start", "<", hours.to)
    .$if(Boolean(filter.model), (qb) => qb.where("model", "=", filter.model as string));
}

/** Responses in the range's whole hours, from the rollup (what decides exact or binned percentiles). */
export async function rollupResponseCount(filter: StatsFilter): Promise<number> {
  const { hours } = splitAtHours(filter);
  if (!hours) return 0;
  const row = await hourlyRollups(filter, hours)
    .select((eb) => eb.fn.sum<number>("response_count").as("n"))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/**
 * A percentile (PostgreSQL's `percentile_cont`: position p * (n - 1), linear between
 * neighbours) of values known only by bin: the c values of a bin are taken as spread evenly
 * across it (the i-th at lo + width * (i + 0.5) / c). Within one bin width of the exact
 * percentile whenever the values lie inside the bins' domain.
 */
export function percentileFromBins(counts: ReadonlyMap<number, number>, p: number, def: { min: number; max: number; bins: number }): number | null {
  const width = binWidth(def);
  const bins = [...counts.entries()].filter(([, c]) => c > 0).sort((a, b) => a[0] - b[0]);
  const n = bins.reduce((sum, [, c]) => sum + c, 0);
  if (n === 0) return null;
  const valueAt = (index: number): number => {
    let before = 0;
    for (const [bin, c] of bins) {
      if (index < before + c) return def.min + width * (bin + (index - before + 0.5) / c);
      before += c;
    }
    const [bin] = bins[bins.length - 1] as [number, number];
    return def.min + width * (bin + 1);
  };
  const position = p * (n - 1);
  const below = Math.floor(position);
  const lower = valueAt(below);
  return below + 1 < n ? lower + (valueAt(below + 1) - lower) * (position - below) : lower;
}

/** Adds `count` to `bin` of a bin-count map. */
export function addToBins(counts: Map<number, number>, bin: number, count: number): void {
  counts.set(bin, (counts.get(bin) ?? 0) + count);
}
