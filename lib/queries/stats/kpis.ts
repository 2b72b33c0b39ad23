import { responseFilterSql, type StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";

export interface KpiValues {
  responses: number;
  tokens: number;
  meanAvgLogprob: number | null;
  /** Mean over responses of minLogprob: exp() of it is the geometric mean of each response's lowest token probability. */
  meanMinLogprob: number | null;
  medianPerplexity: number | null;
  flaggedShare: number | null;
}

function kpiValues(filter: StatsFilter): KpiValues {
  const db = sqlite();
  const { where, params } = responseFilterSql(filter);
  const totals = db
    .prepare(
      `SELECT COUNT(*) AS responses, COALESCE(SUM(r.token_count), 0) AS tokens, AVG(r.avg_logprob) AS meanAvgLogprob, AVG(r.min_logprob) AS meanMinLogprob,
              SUM(r.flag_count > 0) AS flagged, SUM(r.perplexity IS NOT NULL) AS withPerplexity
       FROM responses r WHERE ${where}`,
    )
    .get(...params) as { responses: number; tokens: number; meanAvgLogprob: number | null; meanMinLogprob: number | null; flagged: number | null; withPerplexity: number | null };
  const n = totals.withPerplexity ?? 0;
  let medianPerplexity: number | null = null;
  if (n > 0) {
    // Median: the middle value, or the mean of the two middle values for an even count.
    const middle = db
      .prepare(`SELECT r.perplexity AS v FROM responses r WHERE ${where} AND r.perplexity IS NOT NULL ORDER BY r.perplexity LIMIT ? OFFSET ?`)
      .all(...params, n % 2 === 0 ? 2 : 1, Math.floor((n - 1) / 2)) as Array<{ v: number }>;
    medianPerplexity = middle.reduce((sum, row) => sum + row.v, 0) / middle.length;
  }
  return {
    responses: totals.responses,
    tokens: totals.tokens,
    meanAvgLogprob: totals.meanAvgLogprob,
    meanMinLogprob: totals.meanMinLogprob,
    medianPerplexity,
    flaggedShare: totals.responses > 0 ? (totals.flagged ?? 0) / totals.responses : null,
  };
}

/** KPI tiles: the range and the previous period of equal length. */
export function kpis(filter: StatsFilter) {
  const span = filter.to - filter.from;
  return {
    current: kpiValues(filter),
    previous: kpiValues({ ...filter, from: filter.from - span, to: filter.from }),
    range: { from: filter.from, to: filter.to, previousFrom: filter.from - span },
  };
}
