import { HOUR_MS } from "@/lib/db/ingestWriter";
import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";

/**
 * Position x confidence token counts from the hourly rollup (never the tokens). The rollup is
 * hourly, so the range is widened to whole hours; it has no tag dimension, so a tag filter
 * does not apply here (the response says so).
 */
export function positionConfidenceHeatmap(filter: StatsFilter) {
  const from = Math.floor(filter.from / HOUR_MS) * HOUR_MS;
  const params: unknown[] = [filter.projectId, from, filter.to];
  let modelClause = "";
  if (filter.model) {
    modelClause = "AND model = ?";
    params.push(filter.model);
  }
  const cells = sqlite()
    .prepare(
      `SELECT position_bucket AS position, prob_bucket AS prob, SUM(token_count) AS count
       FROM token_position_rollups
       WHERE project_id = ? AND bucket_start >= ? AND bucket_start < ? ${modelClause}
       GROUP BY position_bucket, prob_bucket`,
    )
    .all(...params) as Array<{ position: number; prob: number; count: number }>;
  return { cells, tagFilterApplied: false, from, to: filter.to };
}
