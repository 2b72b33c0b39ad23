import { sql } from "kysely";
import { backend, db } from "@/lib/db/database";
import { clampedBin } from "@/lib/db/dialect";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";

/**
 * Metrics the histogram can show, with fixed domains so bins stay comparable between
 * refreshes and periods. Values outside the domain are counted in the edge bins.
 * The column names are an allow-list: nothing from the request reaches the SQL text.
 */
export const HISTOGRAM_METRICS = {
  avgLogprob: { column: "avg_logprob", min: -4, max: 0, bins: 40 },
  perplexity: { column: "perplexity", min: 1, max: 21, bins: 40 },
  meanEntropyBits: { column: "mean_entropy_bits", min: 0, max: 3, bins: 30 },
  minLogprob: { column: "min_logprob", min: -20, max: 0, bins: 40 },
  lowConfidenceRatio: { column: "low_confidence_ratio", min: 0, max: 1, bins: 20 },
} as const;

export type HistogramMetric = keyof typeof HISTOGRAM_METRICS;

async function binCounts(filter: StatsFilter, metric: HistogramMetric): Promise<number[]> {
  const { column, min, max, bins } = HISTOGRAM_METRICS[metric];
  const bin = clampedBin(backend(), `r.${column}`, min, (max - min) / bins, bins);
  const rows = await db()
    .selectFrom("responses as r")
    .select((eb) => [bin.as("bin"), eb.fn.countAll<number>().as("count")])
    .where(responseFilterWhere(filter))
    .where(`r.${column}`, "is not", null)
    // By the output name: the expression's bound parameters would not match a repeated copy of it on PostgreSQL.
    .groupBy(sql.ref("bin"))
    .execute();
  const counts = new Array<number>(bins).fill(0);
  for (const row of rows) counts[row.bin] = Number(row.count);
  return counts;
}

/** Response counts per bin for the range and for the previous period of equal length. */
export async function metricHistogram(filter: StatsFilter, metric: HistogramMetric) {
  const { min, max, bins }: { min: number; max: number; bins: number } = HISTOGRAM_METRICS[metric];
  const span = filter.to - filter.from;
  const [current, previous] = await Promise.all([binCounts(filter, metric), binCounts({ ...filter, from: filter.from - span, to: filter.from }, metric)]);
  return { metric, min, max, binWidth: (max - min) / bins, current, previous };
}
