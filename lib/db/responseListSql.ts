import { sql, type Expression, type SqlBool } from "kysely";
import type { ListResponsesQuery, ResponseFilter } from "@/lib/api/schemas";
import type { Prisma } from "@/lib/generated/prisma/client";
import type { ResponseMetrics } from "@/lib/metrics/responseMetrics";
import type { Backend } from "./databaseUrl";
import { containsIgnoringCase } from "./dialect";
import { taggedWith, type ResponsesScope } from "./responseFilterSql";

/**
 * The response list's filter, sort and keyset after a cursor, as Kysely conditions on
 * `responses as r` (bound parameters only, one SQL for both databases). Sort columns come from
 * an allow-list, never from the caller.
 */
export const LIST_SORT_COLUMNS = {
  occurredAt: "occurred_at",
  avgLogprob: "avg_logprob",
  perplexity: "perplexity",
  maxEntropyBits: "max_entropy_bits",
  tokenCount: "token_count",
  flagCount: "flag_count",
} as const satisfies Record<ListResponsesQuery["sort"], string>;

export type ListSortColumn = (typeof LIST_SORT_COLUMNS)[keyof typeof LIST_SORT_COLUMNS];

/** Sort columns that may be null: nulls sort last either way. */
const NULLABLE_SORTS: ReadonlySet<ListResponsesQuery["sort"]> = new Set(["avgLogprob", "perplexity", "maxEntropyBits"]);

/**
 * The list's filter. Text search is a case-insensitive contains with `%`, `_` and `\` taken
 * literally: LIKE on SQLite, ILIKE on PostgreSQL (served by the pg_trgm index on output_text).
 */
export function responseListWhere(backend: Backend, projectId: string, query: ResponseFilter) {
  return (eb: ResponsesScope): Expression<SqlBool> => {
    const clauses: Array<Expression<SqlBool>> = [eb("r.project_id", "=", projectId)];
    if (query.from !== undefined) clauses.push(eb("r.occurred_at", ">=", query.from));
    if (query.to !== undefined) clauses.push(eb("r.occurred_at", "<", query.to));
    if (query.model) clauses.push(eb("r.model", "=", query.model));
    if (query.tag) clauses.push(taggedWith(eb, projectId, query.tag));
    if (query.flagged === true) clauses.push(eb("r.flag_count", ">", 0));
    if (query.flagged === false) clauses.push(eb("r.flag_count", "=", 0));
    if (query.minAvgLogprob !== undefined) clauses.push(eb("r.avg_logprob", ">=", query.minAvgLogprob));
    if (query.maxAvgLogprob !== undefined) clauses.push(eb("r.avg_logprob", "<=", query.maxAvgLogprob));
    if (query.q) clauses.push(containsIgnoringCase(backend, "r.output_text", query.q));
    return eb.and(clauses);
  };
}

/**
 * Rows sort by (column, id), ties broken by id so pages never overlap; a nullable column sorts
 * nulls last in either direction. Such a list is read in two parts, so that an index on
 * (project_id, column, id) gives each part's order without sorting every matching row (one
 * ORDER BY `(column IS NULL), column, id` matches no index on either database): first the rows
 * with a value, by (column, id), then, if the page is not full, the nulls by id. A column that
 * is never null is one part, `all`.
 */
export type ListPart = "all" | "values" | "nulls";

export function responseListParts(query: ListResponsesQuery): ListPart[] {
  return NULLABLE_SORTS.has(query.sort) ? ["values", "nulls"] : ["all"];
}

type ListCursor = { value: number | string | null; id: number };

/** Whether a part can hold rows after the cursor: once the cursor is a null, every value is before it. */
export function partAfterCursor(part: ListPart, after?: ListCursor): boolean {
  return !(part === "values" && after?.value === null);
}

/** The part's rows: those with a value, or the nulls (nothing for `all`). */
export function responseListPart(query: ListResponsesQuery, part: ListPart) {
  const column = `r.${LIST_SORT_COLUMNS[query.sort]}` as const;
  return (eb: ResponsesScope): Expression<SqlBool> =>
    part === "values" ? eb(column, "is not", null) : part === "nulls" ? eb(column, "is", null) : eb.and([]);
}

/** The part's order: (column, id) in the asked direction; the nulls by id alone. */
export function responseListOrder(query: ListResponsesQuery, part: ListPart): Array<{ expression: Expression<unknown>; direction: "asc" | "desc" }> {
  const direction: "asc" | "desc" = query.order === "asc" ? "asc" : "desc";
  return [
    ...(part === "nulls" ? [] : [{ expression: sql.ref(`r.${LIST_SORT_COLUMNS[query.sort]}`), direction }]),
    { expression: sql.ref("r.id"), direction },
  ];
}

/**
 * The part's keyset strictly after the cursor row's (sort value, id) in the list's order. With
 * values, a row-value comparison `(column, id) < (value, id)`, which both databases serve as a
 * range of the (project_id, column, id) index; the nulls after a null cursor by id; every null
 * after a cursor with a value.
 */
export function responseListKeyset(query: ListResponsesQuery, after: ListCursor, part: ListPart) {
  const column = `r.${LIST_SORT_COLUMNS[query.sort]}` as const;
  const beyond = query.order === "asc" ? ">" : "<";
  return (eb: ResponsesScope): Expression<SqlBool> => {
    if (part === "nulls") return after.value === null ? eb("r.id", beyond, after.id) : eb.and([]);
    if (part === "values") return eb(eb.refTuple(column, "r.id"), beyond, eb.tuple(after.value as number, after.id));
    return eb.or([
      eb(column, beyond, after.value as number),
      eb.and([eb(column, "=", after.value as number), eb("r.id", beyond, after.id)]),
    ]);
  };
}

/** The columns a list row shows: never metadata, messages, params, prompt or the full output. */
export function summaryColumns(eb: ResponsesScope) {
  return [
    "r.id",
    "r.external_id as externalId",
    "r.sample_index as sampleIndex",
    "r.provider",
    "r.model",
    "r.source_format as sourceFormat",
    "r.occurred_at as occurredAt",
    "r.received_at as receivedAt",
    "r.finish_reason as finishReason",
    eb.fn<string>("substr", ["r.output_text", sql.lit(1), sql.lit(200)]).as("outputPreview"),
    "r.tags",
    "r.flags",
    "r.token_count as tokenCount",
    "r.sum_logprob as sumLogprob",
    "r.avg_logprob as avgLogprob",
    "r.perplexity",
    "r.length_normalized_logprob as lengthNormalizedLogprob",
    "r.min_logprob as minLogprob",
    "r.mean_entropy_bits as meanEntropyBits",
    "r.max_entropy_bits as maxEntropyBits",
    "r.mean_margin as meanMargin",
    "r.low_confidence_ratio as lowConfidenceRatio",
    "r.sudden_drops as suddenDrops",
    "r.hotspot_count as hotspotCount",
    "r.hotspots",
    "r.zero_probability_tokens as zeroProbabilityTokens",
  ] as const;
}

/** A summary row as SQL returns it: the metric columns as in ResponseMetrics, JSON columns as text. */
export interface SummarySqlRow extends Omit<ResponseMetrics, "hotspots"> {
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
  hotspotCount: number;
  hotspots: string | null;
  zeroProbabilityTokens: number | null;
}

export const parseJsonColumn = (text: string | null): Prisma.JsonValue => (text === null ? null : (JSON.parse(text) as Prisma.JsonValue));

/** A row as the plain summary shape (dates as Date, JSON columns parsed). */
export function summaryRowFromSql(row: SummarySqlRow) {
  return {
    ...row,
    occurredAt: new Date(row.occurredAt),
    receivedAt: new Date(row.receivedAt),
    tags: parseJsonColumn(row.tags),
    flags: parseJsonColumn(row.flags),
    hotspots: parseJsonColumn(row.hotspots),
  };
}
