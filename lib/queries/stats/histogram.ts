import { sql } from "kysely";
import { backend, db } from "@/lib/db/database";
import { clampedBin } from "@/lib/db/dialect";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";
import { binWidth, HISTOGRAM_METRICS, histogramMetricCode, type HistogramMetric } from "@/lib/db/rollupBins";
import { metricBins, splitAtHours } from "./rollupRange";

export { HISTOGRAM_METRICS, type HistogramMetric };

/** Response counts per bin from the rows of the range (the edge hours of a longer range). */
async function rowBinCounts(filter: StatsFilter, metric: HistogramMetric, counts: number[]): Promise<void> {
  const { column, ...def } = HISTOGRAM_METRICS[metric];
  const bin = clampedBin(backend(), `r.${column}`, def.min, binWidth(def), def.bins);
  const rows = await db()
    .selectFrom("responses as r")
    .select((eb) => [bin.as("bin"), eb.fn.countAll<number>().as("count")])
    .where(responseFilterWhere(filter))
    .where(`r.${column}`, "is not", null)
    // By the output name: the expression's bound parameters would not match a repeated copy of it on PostgreSQL.
    .groupBy(sql.ref("bin"))
    .execute();
  for (const row of rows) counts[row.bin] = (counts[row.bin] ?? 0) + Number(row.count);
}

/**
 * Response counts per bin: the whole hours from the rollup's bins (stored at the histogram's own
 * bins, so the counts are exact), the partial hours at the ends from the rows.
 */
async function binCounts(filter: StatsFilter, metric: HistogramMetric): Promise<number[]> {
  const counts = new Array<number>(HISTOGRAM_METRICS[metric].bins).fill(0);
  const { hours, edges } = splitAtHours(filter);
  if (hours) {
    const rows = await metricBins(filter, hours, histogramMetricCode(metric))
      .select((eb) => ["bin", eb.fn.sum<number>("response_count").as("n")])
      .groupBy("bin")
      .execute();
    for (const row of rows) counts[row.bin] = (counts[row.bin] ?? 0) + Number(row.n);
  }
  for (const edge of edges) await rowBinCounts(edge, metric, counts);
  return counts;
}

/** Response counts per bin for the range and for the previous period of equal length. */
export async function metricHistogram(filter: StatsFilter, metric: HistogramMetric) {
  const def: { min: number; max: number; bins: number } = HISTOGRAM_METRICS[metric];
  const span = filter.to - filter.from;
  const [current, previous] = await Promise.all([binCounts(filter, metric), binCounts({ ...filter, from: filter.from - span, to: filter.from }, metric)]);
  return { metric, min: def.min, max: def.max, binWidth: binWidth(def), current, previous };
}
