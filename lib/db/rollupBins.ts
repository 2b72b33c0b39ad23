import type { ResponseMetrics } from "@/lib/metrics/responseMetrics";

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

/** avgLogprob in 0.02-nat bins over [-20, 0]: the rollup the percentiles are read from. */
export const PERCENTILE_BINS = { column: "avg_logprob", min: -20, max: 0, bins: 1000 } as const;

/**
 * The metrics of `response_metric_bins`, by their stored code: the histogram's five at its own
 * bins (so its counts from the rollup are exact), and avgLogprob's percentile bins. The codes
 * are stored: never renumber them.
 */
export const ROLLUP_BIN_METRICS = [
  { code: 0, metric: "avgLogprob", ...HISTOGRAM_METRICS.avgLogprob },
  { code: 1, metric: "perplexity", ...HISTOGRAM_METRICS.perplexity },
  { code: 2, metric: "meanEntropyBits", ...HISTOGRAM_METRICS.meanEntropyBits },
  { code: 3, metric: "minLogprob", ...HISTOGRAM_METRICS.minLogprob },
  { code: 4, metric: "lowConfidenceRatio", ...HISTOGRAM_METRICS.lowConfidenceRatio },
  { code: 5, metric: "avgLogprob", ...PERCENTILE_BINS },
] as const satisfies ReadonlyArray<{ code: number; metric: keyof ResponseMetrics; column: string; min: number; max: number; bins: number }>;

export const PERCENTILE_METRIC_CODE = 5;

export const histogramMetricCode = (metric: HistogramMetric): number =>
  (ROLLUP_BIN_METRICS.find((m) => m.code < PERCENTILE_METRIC_CODE && m.metric === metric) as { code: number }).code;

export const binWidth = (def: { min: number; max: number; bins: number }): number => (def.max - def.min) / def.bins;

/**
 * The bin of a value among `def`'s bins, clamped to the edge bins: the same arithmetic, in the
 * same order, as the SQL of lib/db/dialect.ts `clampedBin` with binWidth(def) (double precision
 * throughout), so a count from the rollup equals a count from the rows.
 */
export function binOf(value: number, def: { min: number; max: number; bins: number }): number {
  const position = Math.trunc((value - def.min) / binWidth(def) + 1e-9);
  return Number.isNaN(position) ? def.bins - 1 : Math.min(Math.max(position, 0), def.bins - 1);
}
