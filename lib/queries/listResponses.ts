import type { ListResponsesQuery } from "@/lib/api/schemas";
import { ApiError } from "@/lib/api/errors";
import { prisma } from "@/lib/db/client";
import { responseSummaryDto } from "./responseDto";
import { responseWhere } from "./responseWhere";

/** Sort columns that may be null; nulls sort last either way. */
const NULLABLE_SORTS = new Set(["avgLogprob", "perplexity", "maxEntropyBits"]);

/**
 * Lists responses newest first (or by a metric), with cursor paging. The cursor is the last
 * row's id; ties in the sort column are broken by id so pages never overlap.
 */
export type ListResponsesResult = Awaited<ReturnType<typeof listResponses>>;

export async function listResponses(projectId: string, query: ListResponsesQuery) {
  let cursorId: number | undefined;
  if (query.cursor !== undefined) {
    cursorId = Number(query.cursor);
    if (!Number.isInteger(cursorId) || cursorId <= 0) throw new ApiError(400, "invalid_request", "cursor: not a valid cursor");
  }
  const rows = await prisma().response.findMany({
    where: responseWhere(projectId, query),
    orderBy: [
      { [query.sort]: NULLABLE_SORTS.has(query.sort) ? { sort: query.order, nulls: "last" } : query.order },
      { id: query.order },
    ],
    take: query.limit + 1,
    ...(cursorId !== undefined && { cursor: { id: cursorId }, skip: 1 }),
  });
  const page = rows.slice(0, query.limit);
  const last = page[page.length - 1];
  return {
    data: page.map(responseSummaryDto),
    nextCursor: rows.length > query.limit && last ? String(last.id) : null,
  };
}
