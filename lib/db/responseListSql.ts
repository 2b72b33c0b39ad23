import type { ListResponsesQuery, ResponseFilter } from "@/lib/api/schemas";
import type { Prisma } from "@/lib/generated/prisma/client";

/**
 * SQL (SQLite dialect) for the response list: the filter, the sort and the keyset after a
 * cursor, bound parameters only. Sort columns come from an allow-list, never from the caller.
 */
export const LIST_SORT_COLUMNS = {
  occurredAt: "occurred_at",
  avgLogprob: "avg_logprob",
  perplexity: "perplexity",
  maxEntropyBits: "max_entropy_bits",
  tokenCount: "token_count",
  flagCount: "flag_count",
} as const satisfies Record<ListResponsesQuery["sort"], string>;

/** Sort columns that may be null: nulls sort last either way. */
const NULLABLE_SORTS: ReadonlySet<ListResponsesQuery["sort"]> = new Set(["avgLogprob", "perplexity", "maxEntropyBits"]);

/** `text` as a LIKE pattern that matches it literally anywhere (`%`, `_` and `\` escaped; pair with ESCAPE '\'). */
export function containsPattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, "\\$&")}%`;
}

export function responseListWhereSql(projectId: string, query: ResponseFilter): { where: string; params: unknown[] } {
  const clauses = ["r.project_id = ?"];
  const params: unknown[] = [projectId];
  const add = (clause: string, ...values: unknown[]) => {
    clauses.push(clause);
    params.push(...values);
  };
  if (query.from !== undefined) add("r.occurred_at >= ?", query.from);
  if (query.to !== undefined) add("r.occurred_at < ?", query.to);
  if (query.model) add("r.model = ?", query.model);
  if (query.tag) add("r.id IN (SELECT response_id FROM response_tags WHERE project_id = ? AND tag = ?)", projectId, query.tag);
  if (query.flagged === true) add("r.flag_count > 0");
  if (query.flagged === false) add("r.flag_count = 0");
  if (query.minAvgLogprob !== undefined) add("r.avg_logprob >= ?", query.minAvgLogprob);
  if (query.maxAvgLogprob !== undefined) add("r.avg_logprob <= ?", query.maxAvgLogprob);
  if (query.q) add("r.output_text LIKE ? ESCAPE '\\'", containsPattern(query.q));
  return { where: clauses.join(" AND "), params };
}

/**
 * Rows sort by (column, id), ties broken by id so pages never overlap; a nullable column sorts
 * by (column IS NULL, column, id), nulls last in either direction. Columns that are never null
 * skip that term, so an index on the column can give the order without sorting every row.
 * `after` is the cursor row's sort value; the keyset continues strictly after (value, id).
 */
export function responseListOrderSql(query: ListResponsesQuery, after?: { value: unknown; id: number }): { order: string; keyset: string | null; params: unknown[] } {
  const column = `r.${LIST_SORT_COLUMNS[query.sort]}`;
  const direction = query.order === "asc" ? "ASC" : "DESC";
  const beyond = query.order === "asc" ? ">" : "<";
  const order = `${NULLABLE_SORTS.has(query.sort) ? `(${column} IS NULL) ASC, ` : ""}${column} ${direction}, r.id ${direction}`;
  if (!after) return { order, keyset: null, params: [] };
  if (after.value === null) return { order, keyset: `(${column} IS NULL AND r.id ${beyond} ?)`, params: [after.id] };
  return {
    order,
    keyset: `(${column} IS NULL OR ${column} ${beyond} ? OR (${column} = ? AND r.id ${beyond} ?))`,
    params: [after.value, after.value, after.id],
  };
}

/** The columns a list row shows: never metadata, messages, params, prompt or the full output. */
export const SUMMARY_COLUMNS_SQL = `r.id, r.external_id AS externalId, r.sample_index AS sampleIndex, r.provider, r.model,
  r.source_format AS sourceFormat, r.occurred_at AS occurredAt, r.received_at AS receivedAt, r.finish_reason AS finishReason,
  substr(r.output_text, 1, 200) AS outputPreview, r.tags, r.flags,
  r.token_count AS tokenCount, r.sum_logprob AS sumLogprob, r.avg_logprob AS avgLogprob, r.perplexity,
  r.length_normalized_logprob AS lengthNormalizedLogprob, r.min_logprob AS minLogprob,
  r.mean_entropy_bits AS meanEntropyBits, r.max_entropy_bits AS maxEntropyBits, r.mean_margin AS meanMargin,
  r.low_confidence_ratio AS lowConfidenceRatio, r.sudden_drops AS suddenDrops, r.hotspot_count AS hotspotCount, r.hotspots`;

export interface SummarySqlRow {
  id: number;
  externalId: string | null;
  sampleIndex: number;
  provider: string | null;
  model: string;
  sourceFormat: string;
  occurredAt: number;
  receivedAt: number;
  finishReason: string | null;
  outputPreview: string;
  tags: string | null;
  flags: string | null;
  tokenCount: number;
  sumLogprob: number | null;
  avgLogprob: number | null;
  perplexity: number | null;
  lengthNormalizedLogprob: number | null;
  minLogprob: number | null;
  meanEntropyBits: number | null;
  maxEntropyBits: number | null;
  meanMargin: number | null;
  lowConfidenceRatio: number | null;
  suddenDrops: number;
  hotspotCount: number;
  hotspots: string | null;
}

const parseJson = (text: string | null): Prisma.JsonValue => (text === null ? null : (JSON.parse(text) as Prisma.JsonValue));

/** A driver row as the plain summary shape (dates as Date, JSON columns parsed). */
export function summaryRowFromSql(row: SummarySqlRow) {
  return {
    ...row,
    occurredAt: new Date(row.occurredAt),
    receivedAt: new Date(row.receivedAt),
    tags: parseJson(row.tags),
    flags: parseJson(row.flags),
    hotspots: parseJson(row.hotspots),
  };
}
