/**
 * SQL (SQLite dialect) for the dashboard's response filter, bound parameters only.
 * Every stats query is scoped by project here.
 */
export interface StatsFilter {
  projectId: string;
  from: number;
  to: number;
  model?: string;
  tag?: string;
}

export function responseFilterSql(filter: StatsFilter, alias = "r"): { where: string; params: unknown[] } {
  const clauses = [`${alias}.project_id = ?`, `${alias}.occurred_at >= ?`, `${alias}.occurred_at < ?`];
  const params: unknown[] = [filter.projectId, filter.from, filter.to];
  if (filter.model) {
    clauses.push(`${alias}.model = ?`);
    params.push(filter.model);
  }
  if (filter.tag) {
    clauses.push(`${alias}.id IN (SELECT response_id FROM response_tags WHERE project_id = ? AND tag = ?)`);
    params.push(filter.projectId, filter.tag);
  }
  return { where: clauses.join(" AND "), params };
}
