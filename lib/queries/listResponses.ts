import type { ListResponsesQuery } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import {
  LIST_SORT_COLUMNS,
  responseListOrderSql,
  responseListWhereSql,
  summaryRowFromSql,
  SUMMARY_COLUMNS_SQL,
  type SummarySqlRow,
} from "@/lib/db/responseListSql";
import { sqlite } from "@/lib/db/sqlite";
import { responseSummaryDto } from "./responseDto";

/**
 * Lists responses newest first (or by a metric), with cursor paging. The cursor is the last
 * row's id; ties in the sort column are broken by id so pages never overlap. Only summary
 * columns are read: a row's metadata, messages, params and full output can be megabytes that
 * a list page never shows (issue 7: one 20 MB metadata froze every project's list).
 */
export type ListResponsesResult = Awaited<ReturnType<typeof listResponses>>;

export async function listResponses(projectId: string, query: ListResponsesQuery) {
  const db = sqlite();
  const { where, params } = responseListWhereSql(projectId, query);
  let after: { value: unknown; id: number } | undefined;
  if (query.cursor !== undefined) {
    const cursorId = /^\d{1,10}$/.test(query.cursor) ? Number(query.cursor) : NaN;
    const cursorRow = Number.isSafeInteger(cursorId)
      ? (db.prepare(`SELECT ${LIST_SORT_COLUMNS[query.sort]} AS value FROM responses WHERE id = ? AND project_id = ?`).get(cursorId, projectId) as { value: unknown } | undefined)
      : undefined;
    if (!cursorRow) throw new ApiError(400, "invalid_request", "cursor: not a valid cursor (use nextCursor from the previous page)");
    after = { value: cursorRow.value, id: cursorId };
  }
  const { order, keyset, params: keysetParams } = responseListOrderSql(query, after);
  // Two steps: the page's ids (from an index when the filter and sort allow), then only those
  // rows' summary columns. Sorting whole rows would read every matching row's columns first.
  const ids = db
    .prepare(`SELECT r.id FROM responses r WHERE ${where}${keyset ? ` AND ${keyset}` : ""} ORDER BY ${order} LIMIT ?`)
    .pluck()
    .all(...params, ...keysetParams, query.limit + 1) as number[];
  const byId = new Map<number, SummarySqlRow>();
  if (ids.length > 0) {
    const found = db.prepare(`SELECT ${SUMMARY_COLUMNS_SQL} FROM responses r WHERE r.id IN (${ids.map(() => "?").join(",")})`).all(...ids) as SummarySqlRow[];
    for (const row of found) byId.set(row.id, row);
  }
  const rows = ids.map((id) => byId.get(id)).filter((row): row is SummarySqlRow => row !== undefined);
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map((row) => responseSummaryDto(summaryRowFromSql(row))),
    nextCursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
