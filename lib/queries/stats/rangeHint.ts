import type { StatsFilter } from "@/lib/db/responseFilterSql";
import { sqlite } from "@/lib/db/sqlite";

export interface RangeHint {
  /** Responses of the project (same model and tag filter) outside [from, to). */
  outside: number;
  /** Epoch ms of the newest and oldest of them; null when there are none. */
  latest: number | null;
  earliest: number | null;
}

/**
 * What an empty range hides: responses recorded with provider timestamps (`created`) from
 * another year land outside every preset, and the dashboard says so instead of "no data".
 */
export function rangeHint(filter: StatsFilter): RangeHint {
  const params: unknown[] = [filter.projectId, filter.from, filter.to];
  let extra = "";
  if (filter.model) {
    extra += " AND r.model = ?";
    params.push(filter.model);
  }
  if (filter.tag) {
    extra += " AND r.id IN (SELECT response_id FROM response_tags WHERE project_id = ? AND tag = ?)";
    params.push(filter.projectId, filter.tag);
  }
  const row = sqlite()
    .prepare(
      `SELECT COUNT(*) AS outside, MAX(r.occurred_at) AS latest, MIN(r.occurred_at) AS earliest
       FROM responses r WHERE r.project_id = ? AND (r.occurred_at < ? OR r.occurred_at >= ?)${extra}`,
    )
    .get(...params) as { outside: number; latest: number | null; earliest: number | null };
  return { outside: row.outside, latest: row.latest, earliest: row.earliest };
}
