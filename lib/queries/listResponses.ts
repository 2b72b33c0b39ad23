import type { Kysely } from "kysely";
import { parseRowId, type ListResponsesQuery } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import { backend, db } from "@/lib/db/database";
import {
  LIST_SORT_COLUMNS,
  partAfterCursor,
  responseListKeyset,
  responseListOrder,
  responseListPart,
  responseListParts,
  responseListWhere,
  summaryColumns,
  summaryRowFromSql,
  type ListPart,
  type SummarySqlRow,
} from "@/lib/db/responseListSql";
import { SEARCH_MATCH_CAP, searchMatches, withOrderedScans } from "@/lib/db/textSearchMatches";
import type { Database } from "@/lib/db/schema";
import { responseSummaryDto } from "./responseDto";

/**
 * Lists responses newest first (or by a metric), with cursor paging. The cursor is the last
 * row's id; ties in the sort column are broken by id so pages never overlap. Only summary
 * columns are read: a row's metadata, messages, params and full output can be megabytes that
 * a list page never shows (issue 7: one 20 MB metadata froze every project's list).
 */
export type ListResponsesResult = Awaited<ReturnType<typeof listResponses>>;

export interface ListOptions {
  /** Matches of a text search up to which the page is computed over the matches alone (lib/db/textSearchMatches.ts). */
  searchCap?: number;
  /** The time the matches' lookup may take before the term is taken as common (ms). */
  searchBudgetMs?: number;
}

type ListCursor = { value: number | string | null; id: number };

/** Sorts an index gives in order (time, and the nullable metrics' own indexes): a common search term walks it. */
const ORDERED_INDEX_SORTS: ReadonlySet<ListResponsesQuery["sort"]> = new Set(["occurredAt", "perplexity", "avgLogprob", "maxEntropyBits"]);

export async function listResponses(projectId: string, query: ListResponsesQuery, options: ListOptions = {}) {
  const after = query.cursor === undefined ? undefined : await cursorRow(projectId, query);
  const matches = await searchMatches(db(), projectId, query, options.searchCap ?? SEARCH_MATCH_CAP, options.searchBudgetMs);
  const within = matches?.kind === "rare" ? matches.ids : undefined;
  // Two steps: the page's ids (from an index when the filter and sort allow), then only those
  // rows' summary columns. Sorting whole rows would read every matching row's columns first.
  const readIds = async (executor: Kysely<Database>) => {
    const ids: number[] = [];
    for (const part of responseListParts(query)) {
      if (ids.length > query.limit || within?.length === 0) break;
      if (!partAfterCursor(part, after)) continue;
      const rows = await pageIdsQuery(projectId, query, after, { part, within, limit: query.limit + 1 - ids.length, executor }).execute();
      ids.push(...rows.map((row) => row.id));
    }
    return ids;
  };
  const ids = matches?.kind === "common" && ORDERED_INDEX_SORTS.has(query.sort) ? await withOrderedScans(db(), readIds) : await readIds(db());
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

/**
 * The ids of one part of a page (responseListParts: a nullable sort reads its values, then its
 * nulls), in the list's order, up to `limit` (the page and one more, to tell whether another
 * page follows). `within`: the only ids that can match (every match of a rare search term).
 */
export function pageIdsQuery(
  projectId: string,
  query: ListResponsesQuery,
  after?: ListCursor,
  options: { part?: ListPart; within?: number[]; limit?: number; executor?: Kysely<Database> } = {},
) {
  const part = options.part ?? responseListParts(query)[0] as ListPart;
  let ids = (options.executor ?? db()).selectFrom("responses as r").select("r.id").where(responseListWhere(backend(), projectId, query)).where(responseListPart(query, part));
  if (options.within) ids = ids.where("r.id", "in", options.within);
  if (after) ids = ids.where(responseListKeyset(query, after, part));
  for (const { expression, direction } of responseListOrder(query, part)) ids = ids.orderBy(expression, direction);
  return ids.limit(options.limit ?? query.limit + 1);
}

/** The cursor row's sort value; a cursor that is not a row of this project is a 400. */
async function cursorRow(projectId: string, query: ListResponsesQuery): Promise<ListCursor> {
  const invalid = () => new ApiError(400, "invalid_request", "cursor: not a valid cursor (use nextCursor from the previous page)");
  const cursorId = parseRowId(query.cursor);
  if (cursorId === null) throw invalid();
  const row = await db()
    .selectFrom("responses")
    .select(`${LIST_SORT_COLUMNS[query.sort]} as value`)
    .where("id", "=", cursorId)
    .where("project_id", "=", projectId)
    .executeTakeFirst();
  if (!row) throw invalid();
  return { value: row.value, id: cursorId };
}
