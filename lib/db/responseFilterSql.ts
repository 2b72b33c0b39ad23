import type { Expression, ExpressionBuilder, SqlBool } from "kysely";
import type { Database, ResponsesTable } from "./schema";

/**
 * The dashboard's response filter as a Kysely condition on `responses as r`, bound parameters
 * only, the same SQL on SQLite and PostgreSQL. Every stats query is scoped by project here.
 */
export interface StatsFilter {
  projectId: string;
  from: number;
  to: number;
  model?: string;
  tag?: string;
}

/** What a condition on `responses as r` (optionally joined to `response_tags as t`) sees. */
export type ResponsesScope = ExpressionBuilder<Database & { r: ResponsesTable }, "r">;

/** `r.id IN (the responses tagged `tag` in the project)`: the tag filter of the list and the stats. */
export function taggedWith(eb: ResponsesScope, projectId: string, tag: string): Expression<SqlBool> {
  return eb("r.id", "in", eb.selectFrom("response_tags").select("response_tags.response_id").where("response_tags.project_id", "=", projectId).where("response_tags.tag", "=", tag));
}

/** The model and tag part of the filter, without the time range (the range hint looks outside it). */
export function modelAndTagWhere(eb: ResponsesScope, filter: StatsFilter): Array<Expression<SqlBool>> {
  const clauses: Array<Expression<SqlBool>> = [];
  if (filter.model) clauses.push(eb("r.model", "=", filter.model));
  if (filter.tag) clauses.push(taggedWith(eb, filter.projectId, filter.tag));
  return clauses;
}

export function responseFilterWhere(filter: StatsFilter) {
  return (eb: ResponsesScope): Expression<SqlBool> =>
    eb.and([
      eb("r.project_id", "=", filter.projectId),
      eb("r.occurred_at", ">=", filter.from),
      eb("r.occurred_at", "<", filter.to),
      ...modelAndTagWhere(eb, filter),
    ]);
}
