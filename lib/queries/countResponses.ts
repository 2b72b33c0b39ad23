import type { ResponseFilter } from "@/lib/api/schemas";
import { backend, db } from "@/lib/db/database";
import { responseListWhere } from "@/lib/db/responseListSql";
import { SEARCH_MATCH_CAP, searchMatches } from "@/lib/db/textSearchMatches";

/**
 * The number of responses a list query matches, for "1–50 of 1,200". Kept apart from
 * listResponses so paging stays one cheap query and the count is asked for once per filter.
 * Same filter as the list, so the two never disagree; a rare search term is counted from its
 * matches (lib/db/textSearchMatches.ts).
 */
export async function countResponses(projectId: string, filter: ResponseFilter, options: { searchCap?: number } = {}): Promise<{ total: number }> {
  const matches = await searchMatches(db(), projectId, filter, options.searchCap ?? SEARCH_MATCH_CAP);
  if (matches?.kind === "rare") return { total: matches.ids.length };
  const row = await db()
    .selectFrom("responses as r")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(responseListWhere(backend(), projectId, filter))
    .executeTakeFirstOrThrow();
  return { total: Number(row.total) };
}
