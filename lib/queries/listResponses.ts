import type { ListResponsesQuery } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import { backend, db } from "@/lib/db/database";
import {
  LIST_SORT_COLUMNS,
  responseListKeyset,
  responseListOrder,
  responseListWhere,
  summaryColumns,
  summaryRowFromSql,
  type SummarySqlRow,
} from "@/lib/db/responseListSql";
import { responseSummaryDto } from "./responseDto";

/**
 * Lists responses newest first (or by a metric), with cursor paging. The cursor is the last
 * row's id; ties in the sort column are broken by id so pages never overlap. Only summary
 * columns are read: a row's metadata, messages, params and full output can be megabytes that
 * a list page never shows (issue 7: one 20 MB metadata froze every project's list).
 */
export type ListResponsesResult = Awaited<ReturnType<typeof listResponses>>;

export async function listResponses(projectId: string, query: ListResponsesQuery) {
  const after = query.cursor === undefined ? undefined : await cursorRow(projectId, query);
  // Two steps: the page's ids (from an index when the filter and sort allow), then only those
  // rows' summary columns. Sorting whole rows would read every matching row's columns first.
  const ids = (await pageIdsQuery(projectId, query, after).execute()).map((row) => row.id);
  const byId = new Map<number, SummarySqlRow>();
  if (ids.length > 0) {
    const found: SummarySqlRow[] = await db().selectFrom("responses as r").select(summaryColumns).where("r.id", "in", ids).execute();
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

/** The ids of one page (and one more, to tell whether another page follows), in the list's order. */
export function pageIdsQuery(projectId: string, query: ListResponsesQuery, after?: { value: number | string | null; id: number }) {
  let ids = db().selectFrom("responses as r").select("r.id").where(responseListWhere(backend(), projectId, query));
  if (after) ids = ids.where(responseListKeyset(query, after));
  for (const { expression, direction } of responseListOrder(query)) ids = ids.orderBy(expression, direction);
  return ids.limit(query.limit + 1);
}

/** The cursor row's sort value; a cursor that is not a row of this project is a 400. */
async function cursorRow(projectId: string, query: ListResponsesQuery): Promise<{ value: number | string | null; id: number }> {
  const cursorId = /^\d{1,10}$/.test(query.cursor ?? "") ? Number(query.cursor) : NaN;
  const row = Number.isSafeInteger(cursorId) && cursorId <= 2_147_483_647
    ? await db()
        .selectFrom("responses")
        .select(`${LIST_SORT_COLUMNS[query.sort]} as value`)
        .where("id", "=", cursorId)
        .where("project_id", "=", projectId)
        .executeTakeFirst()
    : undefined;
  if (!row) throw new ApiError(400, "invalid_request", "cursor: not a valid cursor (use nextCursor from the previous page)");
  return { value: row.value, id: cursorId };
}
