import type { ResponseFilter } from "@/lib/api/schemas";
import { responseListWhereSql } from "@/lib/db/responseListSql";
import { sqlite } from "@/lib/db/sqlite";

/**
 * The number of responses a list query matches, for "1–50 of 1,200". Kept apart from
 * listResponses so paging stays one cheap query and the count is asked for once per filter.
 * Same filter SQL as the list, so the two never disagree.
 */
export async function countResponses(projectId: string, filter: ResponseFilter): Promise<{ total: number }> {
  const { where, params } = responseListWhereSql(projectId, filter);
  const row = sqlite().prepare(`SELECT COUNT(*) AS total FROM responses r WHERE ${where}`).get(...params) as { total: number };
  return { total: row.total };
}
