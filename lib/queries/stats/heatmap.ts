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
  const rows = sqlite()
    .prepare(`SELECT cells FROM token_position_rollups WHERE project_id = ? AND bucket_start >= ? AND bucket_start < ? ${modelClause}`)
    .raw()
    .all(...params) as Array<[string]>;
  // Sum the packed hourly rows (a few thousand for a month); cell = positionBucket * 64 + probBucket.
  const totals = new Map<number, number>();
  for (const [packed] of rows) {
    for (const [cell, count] of Object.entries(JSON.parse(packed) as Record<string, number>)) {
      const key = Number(cell);
      totals.set(key, (totals.get(key) ?? 0) + count);
    }
  }
  const cells = [...totals]
    .map(([cell, count]) => ({ position: Math.floor(cell / 64), prob: cell % 64, count }))
    .sort((a, b) => a.position - b.position || a.prob - b.prob);
  return { cells, tagFilterApplied: false, from, to: filter.to };
}
