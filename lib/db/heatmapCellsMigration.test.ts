import { sql } from "kysely";
import { expect } from "vitest";
import { describeMigrationBackfill } from "@/tests/migrationBackfill";
import type { DataLayer } from "./database";

/**
 * Migration 20261127130000_heatmap_cells unpacks the packed heatmap rows (one JSON object of
 * positionBucket * 64 + probBucket -> count per hour and model) into one row per cell, by hour
 * and by UTC day, in SQL, on both databases: a database migrated before it keeps every count.
 */
const CELLS_MIGRATION = "20261127130000_heatmap_cells";

async function insertPackedRows(layer: DataLayer): Promise<void> {
  await sql`INSERT INTO token_position_rollups (project_id, bucket_start, model, token_count, cells) VALUES
    ('default', 3600000, 'm1', 12, ${JSON.stringify({ "0": 5, "75": 4, "650": 3 })}),
    ('default', 7200000, 'm1', 2, ${JSON.stringify({ "0": 2 })}),
    ('other', 3600000, 'm2', 1, ${JSON.stringify({ "139": 1, "64": 0 })})`.execute(layer);
}

async function expectUnpacked(layer: DataLayer): Promise<void> {
  const cells = await layer.selectFrom("token_position_cells").selectAll()
    .orderBy("project_id").orderBy("bucket_start").orderBy("position_bucket").orderBy("prob_bucket").execute();
  expect(cells).toEqual([
    { project_id: "default", bucket_start: 3600000, model: "m1", position_bucket: 0, prob_bucket: 0, token_count: 5 },
    { project_id: "default", bucket_start: 3600000, model: "m1", position_bucket: 1, prob_bucket: 11, token_count: 4 },
    { project_id: "default", bucket_start: 3600000, model: "m1", position_bucket: 10, prob_bucket: 10, token_count: 3 },
    { project_id: "default", bucket_start: 7200000, model: "m1", position_bucket: 0, prob_bucket: 0, token_count: 2 },
    { project_id: "other", bucket_start: 3600000, model: "m2", position_bucket: 2, prob_bucket: 11, token_count: 1 },
  ]);
  // Both hours fall on 1970-01-01: one daily row per cell, the hours summed.
  const days = await layer.selectFrom("token_position_daily_cells").selectAll()
    .orderBy("project_id").orderBy("position_bucket").orderBy("prob_bucket").execute();
  expect(days).toEqual([
    { project_id: "default", day_start: 0, model: "m1", position_bucket: 0, prob_bucket: 0, token_count: 7 },
    { project_id: "default", day_start: 0, model: "m1", position_bucket: 1, prob_bucket: 11, token_count: 4 },
    { project_id: "default", day_start: 0, model: "m1", position_bucket: 10, prob_bucket: 10, token_count: 3 },
    { project_id: "other", day_start: 0, model: "m2", position_bucket: 2, prob_bucket: 11, token_count: 1 },
  ]);
}

describeMigrationBackfill("heatmap cells migration", CELLS_MIGRATION, "unpacks every packed count into its cell row", {
  seed: insertPackedRows,
  check: expectUnpacked,
});
