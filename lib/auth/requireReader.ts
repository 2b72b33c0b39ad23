import { ApiError } from "@/lib/api/errors";
import { sqlite } from "@/lib/db/sqlite";
import { accessibleProjects, defaultProjectFor, requireProjectRole, sessionFromRequest } from "./access";
import { requireApiKey } from "./requireKey";
import type { SessionUser } from "./sessions";

/**
 * Authorizes a read: a Bearer key with the `read` scope (its own project), or a signed-in
 * user's session (the `project` query parameter, which they must be a member of; default: their
 * project with data). Every read query is then scoped by the returned project.
 */
export function requireReader(request: Request): { projectId: string; user: SessionUser | null } {
  const db = sqlite();
  if (!request.headers.get("authorization")) {
    const user = sessionFromRequest(db, request);
    if (user) {
      const requested = new URL(request.url).searchParams.get("project");
      const projectId = requested ?? defaultProjectFor(accessibleProjects(db, user));
      if (!projectId) throw new ApiError(404, "not_found", "no project");
      requireProjectRole(db, user, projectId, "viewer");
      return { projectId, user };
    }
  }
  return { projectId: requireApiKey(request, "read").projectId, user: null };
}
