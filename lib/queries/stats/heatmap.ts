import { db } from "@/lib/db/database";
import { HOUR_MS } from "@/lib/db/ingestWriter";
import { DAY_MS } from "@/lib/db/partitions";
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

/**
 * Token counts per (position bucket, probability bucket) over the rollup's hours in [from, to),
 * summed in SQL: whole UTC days from the daily cells, the partial days at either end from the
 * hourly cells (a 30-day range reads ~30 rows per cell and model instead of 720).
 */
async function readHeatmapCells(projectId: string, from: number, to: number, model: string | undefined) {
  const toHour = Math.ceil(to / HOUR_MS) * HOUR_MS; // hours h < to are the hours h < toHour
  let firstDay = Math.ceil(from / DAY_MS) * DAY_MS;
  let lastDay = Math.floor(toHour / DAY_MS) * DAY_MS;
  if (firstDay >= lastDay) firstDay = lastDay = toHour; // no whole day: hours only
  const hourly = db()
    .selectFrom("token_position_cells")
    .select((eb) => ["position_bucket", "prob_bucket", eb.fn.sum<number>("token_count").as("count")])
    .where("project_id", "=", projectId)
    .where((eb) => eb.or([
      eb.and([eb("bucket_start", ">=", from), eb("bucket_start", "<", firstDay)]),
      eb.and([eb("bucket_start", ">=", lastDay), eb("bucket_start", "<", toHour)]),
    ]))
    .$if(Boolean(model), (qb) => qb.where("model", "=", model as string))
    .groupBy(["position_bucket", "prob_bucket"])
    .execute();
  const daily = db()
    .selectFrom("token_position_daily_cells")
    .select((eb) => ["position_bucket", "prob_bucket", eb.fn.sum<number>("token_count").as("count")])
    .where("project_id", "=", projectId)
    .where("day_start", ">=", firstDay)
    .where("day_start", "<", lastDay)
    .$if(Boolean(model), (qb) => qb.where("model", "=", model as string))
    .groupBy(["position_bucket", "prob_bucket"])
    .execute();
  const totals = new Map<number, { position: number; prob: number; count: number }>();
  for (const row of [...(await hourly), ...(await daily)]) {
    const key = row.position_bucket * 64 + row.prob_bucket;
    const cell = totals.get(key) ?? { position: row.position_bucket, prob: row.prob_bucket, count: 0 };
    cell.count += Number(row.count);
    totals.set(key, cell);
  }
  return [...totals.values()].sort((a, b) => a.position - b.position || a.prob - b.prob);
}
