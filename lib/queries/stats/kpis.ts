import { sql } from "kysely";
import { db } from "@/lib/db/database";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";
import { binOf, PERCENTILE_BINS, PERCENTILE_METRIC_CODE } from "@/lib/db/rollupBins";
import { addToBins, exactStatsMax, hourlyRollups, metricBins, percentileFromBins, splitAtHours } from "./rollupRange";

export interface KpiValues {
  responses: number;
  tokens: number;
  meanAvgLogprob: number | null;
  /** Mean over responses of minLogprob: exp() of it is the geometric mean of each response's lowest token probability. */
  meanMinLogprob: number | null;
  medianPerplexity: number | null;
  /** True when medianPerplexity came from the rollup's 0.02-nat avgLogprob bins (a range over LOUPE_STATS_EXACT_MAX responses). */
  medianApproximate: boolean;
  flaggedShare: number | null;
}

/** Sums and counts, added up across the rollup and the rows of the edge hours. */
interface Totals {
  responses: number;
  tokens: number;
  flagged: number;
  sumAvg: number;
  avgCount: number;
  sumMin: number;
  minCount: number;
}

const ZERO: Totals = { responses: 0, tokens: 0, flagged: 0, sumAvg: 0, avgCount: 0, sumMin: 0, minCount: 0 };

const add = (a: Totals, b: Totals): Totals => ({
  responses: a.responses + b.responses,
  tokens: a.tokens + b.tokens,
  flagged: a.flagged + b.flagged,
  sumAvg: a.sumAvg + b.sumAvg,
  avgCount: a.avgCount + b.avgCount,
  sumMin: a.sumMin + b.sumMin,
  minCount: a.minCount + b.minCount,
});

async function rowTotals(filter: StatsFilter): Promise<Totals> {
  const row = await db()
    .selectFrom("responses as r")
    .select((eb) => [
      eb.fn.countAll<number>().as("responses"),
      eb.fn.sum<number | null>("r.token_count").as("tokens"),
      eb.fn.sum<number | null>(eb.case().when("r.flag_count", ">", 0).then(sql.lit(1)).else(sql.lit(0)).end()).as("flagged"),
      eb.fn.sum<number | null>("r.avg_logprob").as("sumAvg"),
      eb.fn.count<number>("r.avg_logprob").as("avgCount"),
      eb.fn.sum<number | null>("r.min_logprob").as("sumMin"),
      eb.fn.count<number>("r.min_logprob").as("minCount"),
    ])
    .where(responseFilterWhere(filter))
    .executeTakeFirstOrThrow();
  return numbers(row);
}

async function rollupTotals(filter: StatsFilter, hours: { from: number; to: number }): Promise<Totals> {
  const row = await hourlyRollups(filter, hours)
    .select((eb) => [
      eb.fn.sum<number | null>("response_count").as("responses"),
      eb.fn.sum<number | null>("token_count").as("tokens"),
      eb.fn.sum<number | null>("flagged_count").as("flagged"),
      eb.fn.sum<number | null>("sum_avg_logprob").as("sumAvg"),
      eb.fn.sum<number | null>("avg_logprob_count").as("avgCount"),
      eb.fn.sum<number | null>("sum_min_logprob").as("sumMin"),
      eb.fn.sum<number | null>("min_logprob_count").as("minCount"),
    ])
    .executeTakeFirstOrThrow();
  return numbers(row);
}

const numbers = (row: Record<keyof Totals, number | string | null>): Totals =>
  Object.fromEntries(Object.entries(row).map(([key, value]) => [key, Number(value ?? 0)])) as unknown as Totals;

/** The exact median perplexity: the middle value, or the mean of the two middle values for an even count. */
async function exactMedianPerplexity(filter: StatsFilter, n: number): Promise<number | null> {
  if (n === 0) return null;
  const middle = await db()
    .selectFrom("responses as r")
    .select("r.perplexity as v")
    .where(responseFilterWhere(filter))
    .where("r.perplexity", "is not", null)
    .orderBy("r.perplexity")
    .limit(n % 2 === 0 ? 2 : 1)
    .offset(Math.floor((n - 1) / 2))
    .execute();
  return middle.reduce((sum, row) => sum + (row.v ?? 0), 0) / middle.length;
}

/**
 * Median perplexity from the rollup: perplexity is exp(-avgLogprob), a decreasing function, so
 * its median is exp(-median avgLogprob), the latter read from the 0.02-nat bins (whole hours)
 * and the edge rows' values binned alike.
 */
async function binnedMedianPerplexity(filter: StatsFilter): Promise<number | null> {
  const { hours, edges } = splitAtHours(filter);
  const counts = new Map<number, number>();
  if (hours) {
    const rows = await metricBins(filter, hours, PERCENTILE_METRIC_CODE)
      .select((eb) => ["bin", eb.fn.sum<number>("response_count").as("n")])
      .groupBy("bin")
      .execute();
    for (const row of rows) addToBins(counts, row.bin, Number(row.n));
  }
  for (const edge of edges) {
    const values = await db().selectFrom("responses as r").select("r.avg_logprob as v").where(responseFilterWhere(edge)).where("r.avg_logprob", "is not", null).execute();
    for (const { v } of values) addToBins(counts, binOf(v as number, PERCENTILE_BINS), 1);
  }
  const median = percentileFromBins(counts, 0.5, PERCENTILE_BINS);
  return median === null ? null : Math.exp(-median);
}

/**
 * One period's tiles. Counts, sums and means are exact: whole hours from the hourly rollup, the
 * partial hours at the ends from the rows. The median perplexity is exact (from the rows) up to
 * LOUPE_STATS_EXACT_MAX responses and from the rollup's bins above it.
 */
async function kpiValues(filter: StatsFilter, exactMax: number): Promise<KpiValues> {
  const { hours, edges } = splitAtHours(filter);
  let totals = hours ? await rollupTotals(filter, hours) : ZERO;
  for (const edge of edges) totals = add(totals, await rowTotals(edge));
  const approximate = totals.avgCount > exactMax;
  const medianPerplexity = approximate ? await binnedMedianPerplexity(filter) : await exactMedianPerplexity(filter, totals.avgCount);
  return {
    responses: totals.responses,
    tokens: totals.tokens,
    meanAvgLogprob: totals.avgCount > 0 ? totals.sumAvg / totals.avgCount : null,
    meanMinLogprob: totals.minCount > 0 ? totals.sumMin / totals.minCount : null,
    medianPerplexity,
    medianApproximate: approximate,
    flaggedShare: totals.responses > 0 ? totals.flagged / totals.responses : null,
  };
}

/** KPI tiles: the range and the previous period of equal length. */
export async function kpis(filter: StatsFilter, options: { exactMax?: number } = {}) {
  const exactMax = options.exactMax ?? exactStatsMax();
  const span = filter.to - filter.from;
  const [current, previous] = await Promise.all([kpiValues(filter, exactMax), kpiValues({ ...filter, from: filter.from - span, to: filter.from }, exactMax)]);
  return { current, previous, range: { from: filter.from, to: filter.to, previousFrom: filter.from - span } };
}
