import { db } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/ingestWriter";
import type { StatsFilter } from "@/lib/db/responseFilterSql";

/**
 * Position x confidence token counts from the hourly rollup (never the tokens). The rollup is
 * hourly, so the range is widened to whole hours; it has no tag dimension, so a tag filter
 * does not apply here (the response says so).
 */
export async function positionConfidenceHeatmap(filter: StatsFilter) {
  const from = Math.floor(filter.from / HOUR_MS) * HOUR_MS;
  const cells = await readHeatmapCells(filter.projectId, from, filter.to, filter.model);
  return { cells, tagFilterApplied: false, from, to: filter.to };
}

/** Token counts per (position bucket, probability bucket) over the rollup's hours in [from, to), summed in SQL. */
async function readHeatmapCells(projectId: string, from: number, to: number, model: string | undefined) {
  const rows = await db()
    .selectFrom("token_position_cells")
    .select((eb) => ["position_bucket", "prob_bucket", eb.fn.sum<number>("token_count").as("count")])
    .where("project_id", "=", projectId)
    .where("bucket_start", ">=", from)
    .where("bucket_start", "<", to)
    .$if(Boolean(model), (qb) => qb.where("model", "=", model as string))
    .groupBy(["position_bucket", "prob_bucket"])
    .orderBy("position_bucket")
    .orderBy("prob_bucket")
    .execute();
  return rows.map((row) => ({ position: row.position_bucket, prob: row.prob_bucket, count: Number(row.count) }));
}
