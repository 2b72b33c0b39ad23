import { sql } from "kysely";
import type { ResponseFilter } from "@/lib/api/schemas";
import { backendOf, type DataLayer } from "./database";
import { responseListWhere } from "./responseListSql";

/**
 * The explorer's text search (`q`) at scale on PostgreSQL. With `ORDER BY occurred_at DESC
 * LIMIT 51` the planner walks the time index and tests each row's text, betting that matches
 * are common: for a rare term that reads every row of the range (6.4 s over 30 days at 1M
 * responses, for a term matching nothing). So the matches are first looked up through the
 * pg_trgm index, at most `cap` + 1 of them: when no more than `cap` match, these are every
 * match, and the page (or the count) is computed over them alone, exactly; when more match, the
 * term is common and the plain ordered scan meets a page of matches quickly.
 */
export const SEARCH_MATCH_CAP = 2000;

/**
 * Every id the filter matches when there are at most `cap`, else null (a common term, or a
 * search the trigram index cannot serve: SQLite, or a needle without three letters or digits in a
 * row, from which pg_trgm extracts no trigram and would read its whole index).
 */
export async function rareTermMatches(layer: DataLayer, projectId: string, filter: ResponseFilter, cap: number = SEARCH_MATCH_CAP): Promise<number[] | null> {
  if (!filter.q || backendOf(layer) !== "postgres" || !/[\p{L}\p{N}]{3}/u.test(filter.q)) return null;
  return layer.transaction().execute(async (trx) => {
    // For this one statement: a bitmap scan of the trigram index (ANDed with the time index
    // when that is cheaper), never a walk of an ordered index filtering row by row.
    await sql`SET LOCAL enable_indexscan = off`.execute(trx);
    await sql`SET LOCAL enable_seqscan = off`.execute(trx);
    const rows = await trx.selectFrom("responses as r").select("r.id").where(responseListWhere("postgres", projectId, filter)).limit(cap + 1).execute();
    return rows.length > cap ? null : rows.map((row) => Number(row.id));
  });
}
