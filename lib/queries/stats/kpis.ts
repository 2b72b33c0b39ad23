import { sql } from "kysely";
import { db } from "@/lib/db/database";
import { responseFilterWhere, type StatsFilter } from "@/lib/db/responseFilterSql";

export interface KpiValues {
  responses: number;
  tokens: number;
  meanAvgLogprob: number | null;
  /** Mean over responses of minLogprob: exp() of it is the geometric mean of each response's lowest token probability. */
  meanMinLogprob: number | null;
  medianPerplexity: number | null;
  flaggedShare: number | null;
}

async function kpiValues(filter: StatsFilter): Promise<KpiValues> {
  const totals = await db()
    .selectFrom("responses as r")
    .select((eb) => [
      eb.fn.countAll<number>().as("responses"),
      eb.fn.coalesce(eb.fn.sum<number>("r.token_count"), sql.lit(0)).as("tokens"),
      eb.fn.avg<number | null>("r.avg_logprob").as("meanAvgLogprob"),
      eb.fn.avg<number | null>("r.min_logprob").as("meanMinLogprob"),
      eb.fn.sum<number | null>(eb.case().when("r.flag_count", ">", 0).then(sql.lit(1)).else(sql.lit(0)).end()).as("flagged"),
      eb.fn.count<number>("r.perplexity").as("withPerplexity"),
    ])
    .where(responseFilterWhere(filter))
    .executeTakeFirstOrThrow();
  const responses = Number(totals.responses);
  const n = Number(totals.withPerplexity);
  let medianPerplexity: number | null = null;
  if (n > 0) {
    // Median: the middle value, or the mean of the two middle values for an even count.
    const middle = await db()
      .selectFrom("responses as r")
      .select("r.perplexity as v")
      .where(responseFilterWhere(filter))
      .where("r.perplexity", "is not", null)
      .orderBy("r.perplexity")
      .limit(n % 2 === 0 ? 2 : 1)
      .offset(Math.floor((n - 1) / 2))
      .execute();
    medianPerplexity = middle.reduce((sum, row) => sum + (row.v ?? 0), 0) / middle.length;
  }
  return {
    responses,
    tokens: Number(totals.tokens),
    meanAvgLogprob: totals.meanAvgLogprob === null ? null : Number(totals.meanAvgLogprob),
    meanMinLogprob: totals.meanMinLogprob === null ? null : Number(totals.meanMinLogprob),
    medianPerplexity,
    flaggedShare: responses > 0 ? Number(totals.flagged ?? 0) / responses : null,
  };
}

/** KPI tiles: the range and the previous period of equal length. */
export async function kpis(filter: StatsFilter) {
  const span = filter.to - filter.from;
  const [current, previous] = await Promise.all([kpiValues(filter), kpiValues({ ...filter, from: filter.from - span, to: filter.from })]);
  return { current, previous, range: { from: filter.from, to: filter.to, previousFrom: filter.from - span } };
}
