import type { ResponseFilter } from "@/lib/api/schemas";
import { backend, db } from "@/lib/db/database";
import { responseListWhere } from "@/lib/db/responseListSql";
import { SEARCH_MATCH_CAP, searchMatches } from "@/lib/db/textSearchMatches";
import { hourlyRollups, splitAtHours } from "./stats/rollupRange";

/**
 * The number of responses a list query matches, for "1–50 of 1,200". Kept apart from
 * listResponses so paging stays one cheap query and the count is asked for once per filter.
 * Same filter as the list, so the two never disagree. A filter of time, model, tag and flagged
 * only is counted from the hourly rollup for its whole hours and from the rows for the partial
 * hours at its ends (exact either way; a 30-day count at 1M responses reads ~4,000 rollup rows
 * instead of 1M index entries); a rare search term is counted from its matches
 * (lib/db/textSearchMatches.ts); other filters count the rows.
 */
export async function countResponses(projectId: string, filter: ResponseFilter, options: { searchCap?: number } = {}): Promise<{ total: number }> {
  if (filter.q) {
    const matches = await searchMatches(db(), projectId, filter, options.searchCap ?? SEARCH_MATCH_CAP);
    if (matches?.kind === "rare") return { total: matches.ids.length };
  }
  if (filter.q || filter.minAvgLogprob !== undefined || filter.maxAvgLogprob !== undefined) return { total: await countRows(projectId, filter) };
  const range = { projectId, from: filter.from ?? Number.MIN_SAFE_INTEGER, to: filter.to ?? Number.MAX_SAFE_INTEGER, model: filter.model, tag: filter.tag };
  const { hours, edges } = splitAtHours(range);
  let total = 0;
  if (hours) {
    const row = await hourlyRollups(range, hours)
      .select((eb) => [eb.fn.sum<number | null>("response_count").as("responses"), eb.fn.sum<number | null>("flagged_count").as("flagged")])
      .executeTakeFirstOrThrow();
    const responses = Number(row.responses ?? 0);
    const flagged = Number(row.flagged ?? 0);
    total += filter.flagged === true ? flagged : filter.flagged === false ? responses - flagged : responses;
  }
  for (const edge of edges) total += await countRows(projectId, { ...filter, from: edge.from, to: edge.to });
  return { total };
}

async function countRows(projectId: string, filter: ResponseFilter): Promise<number> {
  const row = await db()
    .selectFrom("responses as r")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(responseListWhere(backend(), projectId, filter))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
