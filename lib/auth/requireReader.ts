import { ApiError } from "@/lib/api/errors";
import { db } from "@/lib/db/database";
import { accessibleProjects, defaultProjectFor, requireProjectRole, sessionFromRequest } from "./access";
import { requireApiKey } from "./requireKey";
import type { SessionUser } from "./sessions";

/**
 * Authorizes a read: a Bearer key with the `read` scope (its own project), or a signed-in
 * user's session (the `project` query parameter, which they must be a member of; default: their
 * project with data). Every read query is then scoped by the returned project.
 */
export async function requireReader(request: Request): Promise<{ projectId: string; user: SessionUser | null }> {
  const dataLayer = db();
  if (!request.headers.get("authorization")) {
    const user = await sessionFromRequest(dataLayer, request);
    if (user) {
      const requested = new URL(request.url).searchParams.get("project") || null; // `?project=` (empty) is no project asked for
      const projectId = requested ?? defaultProjectFor(await accessibleProjects(dataLayer, user));
      if (!projectId) throw new ApiError(404, "not_found", "no project");
      await requireProjectRole(dataLayer, user, projectId, "viewer");
      return { projectId, user };
    }
  }
  return { projectId: (await requireApiKey(request, "read")).projectId, user: null };
}
