import type { ResponseFlag } from "@/lib/metrics/flags";
import { responseFilterSql, type StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";

/** The newest flagged responses in the range, with their fired rules. */
export function alertFeed(filter: StatsFilter, limit: number) {
  const { where, params } = responseFilterSql(filter);
  const rows = sqlite()
    .prepare(
      `SELECT r.id, r.model, r.occurred_at AS occurredAt, r.flags, substr(r.output_text, 1, 160) AS preview, r.avg_logprob AS avgLogprob
       FROM responses r WHERE ${where} AND r.flag_count > 0
       ORDER BY r.occurred_at DESC, r.id DESC LIMIT ?`,
    )
    .all(...params, limit) as Array<{ id: number; model: string; occurredAt: number; flags: string; preview: string; avgLogprob: number | null }>;
  return {
    data: rows.map((row) => ({
      ...row,
      occurredAt: new Date(row.occurredAt).toISOString(),
      flags: JSON.parse(row.flags) as ResponseFlag[],
    })),
  };
}
