import { ApiError } from "@/lib/api/errors";
import { sqlite } from "@/lib/db/sqlite";
import { hasDashboardCookie } from "./dashboardSession";
import { requireApiKey } from "./requireKey";

/**
 * Authorizes a read: a Bearer key with the `read` scope (its project), or the dashboard's
 * session cookie (any project, chosen by the `project` query parameter).
 */
export function requireReader(request: Request): { projectId: string; dashboard: boolean } {
  if (!request.headers.get("authorization") && hasDashboardCookie(request.headers.get("cookie"))) {
    const requested = new URL(request.url).searchParams.get("project");
    const projectId = requested ?? defaultProjectId();
    if (!sqlite().prepare(`SELECT 1 FROM projects WHERE id = ?`).get(projectId)) {
      throw new ApiError(404, "not_found", `project ${projectId} not found`);
    }
    return { projectId, dashboard: true };
  }
  return { projectId: requireApiKey(request, "read").projectId, dashboard: false };
}

/** The project the dashboard opens on: the non-demo project with data, else the demo, else the default. */
export function defaultProjectId(): string {
  const row = sqlite()
    .prepare(
      `SELECT p.id FROM projects p
       ORDER BY EXISTS (SELECT 1 FROM responses r WHERE r.project_id = p.id) DESC, p.is_demo ASC, p.created_at ASC
       LIMIT 1`,
    )
    .get() as { id: string } | undefined;
  return row?.id ?? "default";
}
