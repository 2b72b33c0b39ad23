import { db } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/dialect";
import type { StatsFilter } from "@/lib/db/responseFilterSql";

/** Token count of one heatmap cell: position bucket x probability bucket. */
export interface HeatmapCell {
  position: number;
  prob: number;
  count: number;
}

/**
 * Position x confidence token counts from the hourly rollup (never the tokens). The rollup is
 * hourly, so the range is widened to whole hours; it has no tag dimension, so a tag filter
 * does not apply here (the response says so).
 */
export async function positionConfidenceHeatmap(filter: StatsFilter) {
  const from = Math.floor(filter.from / HOUR_MS) * HOUR_MS;
  const cells = await readHeatmapCells(filter.projectId, from, filter.to, filter.model);
  return { cells: cells.sort((a, b) => a.position - b.position || a.prob - b.prob), tagFilterApplied: false, from, to: filter.to };
}

/**
 * The rollup's token counts per cell over the hours [from, to), summed. Reads today's storage:
 * one packed row per hour and model, `cells` a JSON object of cell -> count with
 * cell = positionBucket * 64 + probBucket (a few thousand rows for a month). The one place that
 * knows the rollup's layout: a row per cell would make this a GROUP BY with SUM.
 */
export async function readHeatmapCells(projectId: string, from: number, to: number, model?: string): Promise<HeatmapCell[]> {
  const rows = await db()
    .selectFrom("token_position_rollups")
    .select("cells")
    .where("project_id", "=", projectId)
    .where("bucket_start", ">=", from)
    .where("bucket_start", "<", to)
    .$if(Boolean(model), (query) => query.where("model", "=", model as string))
    .execute();
  const totals = new Map<number, number>();
  for (const { cells } of rows) {
    for (const [cell, count] of Object.entries(JSON.parse(cells) as Record<string, number>)) {
      const key = Number(cell);
      totals.set(key, (totals.get(key) ?? 0) + count);
    }
  }
  return [...totals].map(([cell, count]) => ({ position: Math.floor(cell / 64), prob: cell % 64, count }));
}
