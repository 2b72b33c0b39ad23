import { sql } from "kysely";
import { backendOf, type DataLayer } from "@/lib/db/database";
import { clampedBin, HOUR_MS } from "@/lib/db/dialect";
import { binWidth, ROLLUP_BIN_METRICS } from "@/lib/db/rollupBins";

/**
 * The hourly rollups and metric bins as stored, beside a recount of them from the responses in
 * SQL (tag '' for every response, then once per tag through response_tags; bins by the SQL of
 * the rows' own histogram, `clampedBin`), both as sorted plain rows: a test asserts they are equal.
 * Sums of logprobs are rounded to 9 decimals (the order of addition differs).
 */
export async function rollupsAndRecount(layer: DataLayer) {
  const backend = backendOf(layer);
  const hour = sql<number>`(r.occurred_at / ${sql.lit(HOUR_MS)}) * ${sql.lit(HOUR_MS)}`;
  const tagged = sql`(SELECT id AS response_id, '' AS tag FROM responses UNION ALL SELECT response_id, tag FROM response_tags)`;
  const { rows: hourlyRecount } = await sql<{ project_id: string; tag: string; bucket_start: number; model: string; responses: number; tokens: number; flagged: number; avg_count: number; sum_avg: number; min_count: number; sum_min: number }>`
    SELECT r.project_id, t.tag, ${hour} AS bucket_start, r.model, COUNT(*) AS responses, SUM(r.token_count) AS tokens,
      SUM(CASE WHEN r.flag_count > 0 THEN 1 ELSE 0 END) AS flagged, COUNT(r.avg_logprob) AS avg_count,
      COALESCE(SUM(r.avg_logprob), 0) AS sum_avg, COUNT(r.min_logprob) AS min_count, COALESCE(SUM(r.min_logprob), 0) AS sum_min
    FROM responses r JOIN ${tagged} t ON t.response_id = r.id
    GROUP BY 1, 2, 3, 4`.execute(layer);
  const stored = await layer.selectFrom("response_hourly_rollups").selectAll().execute();
  const round = (n: number | string) => Math.round(Number(n) * 1e9) / 1e9;
  const hourlyKey = (r: { project_id: string; tag: string; bucket_start: number | string; model: string }) => `${r.project_id}|${r.tag}|${Number(r.bucket_start)}|${r.model}`;
  const hourly = {
    stored: stored.map((r) => [hourlyKey(r), r.response_count, r.token_count, r.flagged_count, r.avg_logprob_count, round(r.sum_avg_logprob), r.min_logprob_count, round(r.sum_min_logprob)]).sort(byFirst),
    recount: hourlyRecount.map((r) => [hourlyKey(r), Number(r.responses), Number(r.tokens), Number(r.flagged), Number(r.avg_count), round(r.sum_avg), Number(r.min_count), round(r.sum_min)]).sort(byFirst),
  };

  const binRecount: Array<[string, number]> = [];
  for (const def of ROLLUP_BIN_METRICS) {
    const bin = clampedBin(backend, `r.${def.column}`, def.min, binWidth(def), def.bins);
    const { rows } = await sql<{ project_id: string; tag: string; bucket_start: number; model: string; bin: number; n: number }>`
      SELECT r.project_id, t.tag, ${hour} AS bucket_start, r.model, ${bin} AS bin, COUNT(*) AS n
      FROM responses r JOIN ${tagged} t ON t.response_id = r.id
      WHERE ${sql.ref(`r.${def.column}`)} IS NOT NULL
      GROUP BY 1, 2, 3, 4, 5`.execute(layer);
    for (const r of rows) binRecount.push([`${hourlyKey(r)}|${def.code}|${Number(r.bin)}`, Number(r.n)]);
  }
  const storedBins = await layer.selectFrom("response_metric_bins").selectAll().execute();
  return {
    hourly,
    bins: {
      stored: storedBins.map((r): [string, number] => [`${hourlyKey(r)}|${r.metric}|${r.bin}`, r.response_count]).sort(byFirst),
      recount: binRecount.sort(byFirst),
    },
  };
}

const byFirst = (a: ReadonlyArray<unknown>, b: ReadonlyArray<unknown>) => (String(a[0]) < String(b[0]) ? -1 : String(a[0]) > String(b[0]) ? 1 : 0);
