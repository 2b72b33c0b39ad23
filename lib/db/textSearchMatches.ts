import { sql, type Kysely } from "kysely";
import type { ResponseFilter } from "@/lib/api/schemas";
import { backendOf, type DataLayer } from "./database";
import { responseListWhere } from "./responseListSql";
import type { Database } from "./schema";

/**
 * The explorer's text search (`q`) at scale on PostgreSQL. The planner cannot tell how many
 * rows `output_text ILIKE '%term%'` matches, and either plan it picks is a bet: walking the time
 * index and testing each row's text reads every row of the range for a rare term (6.4 s over 30
 * days at 1M responses, for a term matching nothing), and reading every trigram-index
 * candidate then sorting them reads hundreds of thousands of rows for a common one. So the
 * matches are first looked up through the pg_trgm index, at most `cap` + 1 of them:
 * - no more than `cap` match: these are every match, and the page (or the count) is computed
 *   over them alone, exactly;
 * - more match, or the lookup outlasts SEARCH_PROBE_BUDGET_MS (a term whose trigrams are common
 *   though the term is not: the index then returns a large part of the table to test row by
 *   row): a walk of the sort's ordered index, testing each row, meets a page of matches within
 *   about 51 × rows / matches rows (withOrderedScans). Either way the answer is exact; the
 *   budget only chooses how it is found.
 */
export const SEARCH_MATCH_CAP = 1000;
export const SEARCH_PROBE_BUDGET_MS = 100;

const QUERY_CANCELED = "57014";

/**
 * Runs `work` in a transaction whose statements may each take at most `budgetMs` on PostgreSQL
 * (`statement_timeout`, local to it); null when one runs out (57014: the transaction is rolled
 * back, the connection clean). Other errors propagate.
 */
export async function withinStatementBudget<T>(layer: DataLayer, budgetMs: number, work: (trx: Kysely<Database>) => Promise<T>): Promise<T | null> {
  return layer
    .transaction()
    .execute(async (trx) => {
      await sql`SELECT set_config('statement_timeout', ${`${Math.max(1, Math.round(budgetMs))}ms`}, true)`.execute(trx);
      return work(trx);
    })
    .catch((error: unknown) => {
      if ((error as { code?: string }).code === QUERY_CANCELED) return null;
      throw error;
    });
}

export type SearchMatches = { kind: "rare"; ids: number[] } | { kind: "common" };

/**
 * The search term's matches under the filter (null: no search, or one the trigram index cannot
 * serve: SQLite, or a term without three letters or digits in a row, from which pg_trgm
 * extracts no trigram and would read its whole index).
 */
export async function searchMatches(
  layer: DataLayer,
  projectId: string,
  filter: ResponseFilter,
  cap: number = SEARCH_MATCH_CAP,
  budgetMs: number = SEARCH_PROBE_BUDGET_MS,
): Promise<SearchMatches | null> {
  if (!filter.q || backendOf(layer) !== "postgres" || !/[\p{L}\p{N}]{3}/u.test(filter.q)) return null;
  const matches = await withinStatementBudget(layer, budgetMs, async (trx) => {
    // For this one statement: bitmap scans (of the trigram index, ANDed with the time index when
    // the planner finds that cheaper), never an ordered walk that tests row after row.
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const rows = await trx.selectFrom("responses as r").select("r.id").where(responseListWhere("postgres", projectId, filter)).limit(cap + 1).execute();
    return rows.length > cap ? { kind: "common" as const } : { kind: "rare" as const, ids: rows.map((row) => Number(row.id)) };
  });
  // Out of budget: a term whose trigrams are common, served like a common one.
  return matches ?? { kind: "common" };
}

/**
 * Runs `work` (page queries of a common search term, on PostgreSQL) with the planner held to
 * ordered index scans: without, it often reads every trigram candidate and sorts them (8 s
 * at 1M for a term in 1 of 128 responses), where the walk of the sort's index stops at a page.
 */
export async function withOrderedScans<T>(layer: DataLayer, work: (executor: Kysely<Database>) => Promise<T>): Promise<T> {
  return layer.transaction().execute(async (trx) => {
    await sql`SET LOCAL enable_bitmapscan = off`.execute(trx);
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    await sql`SET LOCAL enable_sort = off`.execute(trx);
    return work(trx);
  });
}
