import { responseFilterSql, type StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";

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

function binCounts(filter: StatsFilter, metric: HistogramMetric): number[] {
  const { column, min, max, bins } = HISTOGRAM_METRICS[metric];
  const width = (max - min) / bins;
  const { where, params } = responseFilterSql(filter);
  const rows = sqlite()
    .prepare(
      `SELECT MIN(MAX(CAST((r.${column} - ?) / ? + 1e-9 AS INTEGER), 0), ?) AS bin, COUNT(*) AS count
       FROM responses r WHERE ${where} AND r.${column} IS NOT NULL GROUP BY bin`,
    )
    .all(min, width, bins - 1, ...params) as Array<{ bin: number; count: number }>;
  const counts = new Array<number>(bins).fill(0);
  // CAST truncates toward zero; values just below `min` land in bin 0 either way (clamped).
  for (const row of rows) counts[row.bin] = row.count;
  return counts;
}

/** Response counts per bin for the range and for the previous period of equal length. */
export function metricHistogram(filter: StatsFilter, metric: HistogramMetric) {
  const { min, max, bins }: { min: number; max: number; bins: number } = HISTOGRAM_METRICS[metric];
  const span = filter.to - filter.from;
  return {
    metric,
    min,
    max,
    binWidth: (max - min) / bins,
    current: binCounts(filter, metric),
    previous: binCounts({ ...filter, from: filter.from - span, to: filter.from }, metric),
  };
}
