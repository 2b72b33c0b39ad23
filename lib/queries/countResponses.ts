import { sql, type Kysely } from "kysely";
import type { ResponseFilter } from "@/lib/api/schemas";
import { env } from "@/lib/config/env";
import { backend, db } from "@/lib/db/database";
import { containsIgnoringCase } from "@/lib/db/dialect";
import { responseListWhere } from "@/lib/db/responseListSql";
import type { Database } from "@/lib/db/schema";
import { SEARCH_MATCH_CAP, searchMatches, withinStatementBudget } from "@/lib/db/textSearchMatches";
import { hourlyRollups, splitAtHours } from "./stats/rollupRange";

/** The newest responses of the range whose share of matches scales an estimated count. */
export const ESTIMATE_SAMPLE_ROWS = 2_000;

export interface ResponseCount {
  total: number;
  /** Set when `total` is an estimate: a common search term on PostgreSQL that outlasted the budget. */
  estimated?: true;
}

export interface CountOptions {
  /** Rare-term cutoff (lib/db/textSearchMatches.ts). */
  searchCap?: number;
  /** LOUPE_SEARCH_COUNT_BUDGET_MS unless given. */
  budgetMs?: number;
  sampleRows?: number;
}

/**
 * The number of responses a list query matches, for "1–50 of 1,200". Kept apart from
 * listResponses so paging stays one cheap query and the count is asked for once per filter.
 * Same filter as the list, so the two never disagree. A filter of time, model, tag and flagged
 * only is counted from the hourly rollup for its whole hours and from the rows for the partial
 * hours at its ends (exact either way; a 30-day count at 1M responses reads ~4,000 rollup rows
 * instead of 1M index entries); a rare search term is counted from its matches
 * (lib/db/textSearchMatches.ts); other filters count the rows. On PostgreSQL a common search
 * term's count tests every candidate row (seconds at 1M responses): past the budget it is
 * estimated instead (estimateSearchCount).
 */
export async function countResponses(projectId: string, filter: ResponseFilter, options: CountOptions = {}): Promise<ResponseCount> {
  if (filter.q) {
    const matches = await searchMatches(db(), projectId, filter, options.searchCap ?? SEARCH_MATCH_CAP);
    if (matches?.kind === "rare") return { total: matches.ids.length };
    if (backend() === "postgres") return countSearchWithin(projectId, filter, options);
  }
  if (filter.q || filter.minAvgLogprob !== undefined || filter.maxAvgLogprob !== undefined) return { total: await countRows(db(), projectId, filter) };
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
  for (const edge of edges) total += await countRows(db(), projectId, { ...filter, from: edge.from, to: edge.to });
  return { total };
}

/** The exact count under a statement timeout of the budget, else (or with a budget of 0) the estimate. */
async function countSearchWithin(projectId: string, filter: ResponseFilter, options: CountOptions): Promise<ResponseCount> {
  const budgetMs = options.budgetMs ?? env().LOUPE_SEARCH_COUNT_BUDGET_MS;
  if (budgetMs > 0) {
    const exact = await withinStatementBudget(db(), budgetMs, (trx) => countRows(trx, projectId, filter));
    if (exact !== null) return { total: exact };
  }
  return estimateSearchCount(projectId, filter, options.sampleRows ?? ESTIMATE_SAMPLE_ROWS);
}

/**
 * A search term's count estimated as (responses under the rest of the filter, exact) × (the
 * share of the newest `sampleRows` of them that contain the term), rounded: read from an index
 * walk of those rows and the rollups, whatever the term. The share is the recent traffic's, so
 * a term whose frequency changed over the range is estimated at its recent rate.
 */
export async function estimateSearchCount(projectId: string, filter: ResponseFilter, sampleRows: number): Promise<ResponseCount> {
  const { q, ...rest } = filter;
  const { total: responses } = await countResponses(projectId, rest);
  if (!q || responses === 0) return { total: 0, estimated: true };
  const sample = db()
    .selectFrom("responses as r")
    .select("r.output_text")
    .where(responseListWhere("postgres", projectId, rest))
    .orderBy("r.occurred_at", "desc")
    .limit(sampleRows)
    .as("r");
  const row = await db()
    .selectFrom(sample)
    .select((eb) => [eb.fn.countAll<number>().as("rows"), sql<number>`count(*) FILTER (WHERE ${containsIgnoringCase("postgres", "r.output_text", q)})`.as("hits")])
    .executeTakeFirstOrThrow();
  const rows = Number(row.rows);
  return { total: rows === 0 ? 0 : Math.round((responses * Number(row.hits)) / rows), estimated: true };
}

async function countRows(executor: Kysely<Database>, projectId: string, filter: ResponseFilter): Promise<number> {
  const row = await executor
    .selectFrom("responses as r")
    .select((eb) => eb.fn.countAll<number>().as("total"))
    .where(responseListWhere(backend(), projectId, filter))
    .executeTakeFirstOrThrow();
  return Number(row.total);
}
