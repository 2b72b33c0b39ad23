import { sql } from "kysely";
import { expect } from "vitest";
import { describeMigrationBackfill } from "@/tests/migrationBackfill";
import { rollupsAndRecount } from "@/tests/rollupRecount";
import type { DataLayer } from "./database";

/**
 * Migration 20261129030000_rollup_bins rebuilds the hourly rollup with a tag dimension and the
 * min-logprob sums, and fills the metric bins, from the responses already stored, in SQL, on both
 * databases: a database from before it gets the rollups ingestion would have written (the bins by
 * the same arithmetic as the rows' histogram, edge values, out-of-domain and huge values included).
 */
const ROLLUP_MIGRATION = "20261129030000_rollup_bins";
const HOUR = 3_600_000;

/** Responses as an older Loupe stored them: edge and out-of-domain metric values, nulls, tags. */
async function insertOldResponses(layer: DataLayer): Promise<void> {
  await sql`INSERT INTO projects (id, name, created_at) VALUES ('default', 'Default', 0), ('other', 'Other', 0)`.execute(layer);
  const metrics: Array<[number | null, number | null, number | null, number | null, number | null]> = [
    // avg_logprob, perplexity, mean_entropy_bits, min_logprob, low_confidence_ratio
    [-0.3, Math.exp(0.3), 0.5, -1.2, 0],
    [-3.9, Math.exp(3.9), 3, -20, 1],
    [-4, Math.exp(4), 0.1, -25, 0.05],
    [-25, 1e300, 12, -99, 0.35],
    [0, 1, 0, 0, 0],
    [null, null, null, null, null],
    [-1.1, 21, 2.95, -7.5, 0.5],
  ];
  let id = 1;
  for (const [hour, project, model, tags] of [[0, "default", "m1", ["a"]], [0, "default", "m2", ["a", "b"]], [1, "default", "m1", []], [30, "other", "m1", ["b"]]] as const) {
    for (const [avg, ppl, entropy, min, low] of metrics) {
      const occurredAt = Date.UTC(2026, 10, 1) + hour * HOUR + id * 1000;
      await sql`INSERT INTO responses (id, project_id, model, source_format, occurred_at, received_at, output_text, token_count, avg_logprob,
          perplexity, mean_entropy_bits, min_logprob, low_confidence_ratio, sudden_drops, flag_count)
        VALUES (${id}, ${project}, ${model}, 'openai.chat', ${occurredAt}, ${occurredAt}, 'x', ${id % 5 + 1}, ${avg}, ${ppl}, ${entropy}, ${min}, ${low}, 0, ${id % 3 === 0 ? 1 : 0})`.execute(layer);
      for (const tag of tags) await sql`INSERT INTO response_tags (response_id, project_id, tag, occurred_at) VALUES (${id}, ${project}, ${tag}, ${occurredAt})`.execute(layer);
      id++;
    }
  }
}

async function expectRecounted(layer: DataLayer): Promise<void> {
  const { hourly, bins } = await rollupsAndRecount(layer);
  expect(hourly.stored).toHaveLength(3 + 3 + 2); // '' per (hour, model, project), plus each tag's
  expect(hourly.stored).toEqual(hourly.recount);
  expect(bins.stored.length).toBeGreaterThan(50);
  expect(bins.stored).toEqual(bins.recount);
}

describeMigrationBackfill("rollup bins migration", ROLLUP_MIGRATION, "rebuilds the hourly rollup with tags and fills the bins from the stored responses", {
  seed: insertOldResponses,
  check: expectRecounted,
});
