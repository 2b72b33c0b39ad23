import { db } from "@/lib/db/database";
import { accessibleProjects, defaultProjectFor, requireProjectRole, sessionFromRequest } from "./access";
import { assertSameOrigin } from "./csrf";
import { requireApiKey } from "./requireKey";
import { ApiError } from "@/lib/api/errors";

/**
 * Authorizes a change to a project's alerts (their status): a signed-in member (same-origin
 * request; `project` query parameter, default their project with data), or a Bearer key with
 * the `ingest` scope (the keys' one write scope). Returns the project and who acted, as stored
 * in `alerts.status_changed_by`: the user's email or `key:<key id>`.
 */
export async function requireAlertWriter(request: Request): Promise<{ projectId: string; actor: string }> {
  const dataLayer = db();
  if (!request.headers.get("authorization")) {
    const user = await sessionFromRequest(dataLayer, request);
    if (user) {
      assertSameOrigin(request);
      const requested = new URL(request.url).searchParams.get("project");
      const projectId = requested ?? defaultProjectFor(await accessibleProjects(dataLayer, user));
      if (!projectId) throw new ApiError(404, "not_found", "no project");
      await requireProjectRole(dataLayer, user, projectId, "member");
      return { projectId, actor: user.email };
    }
  }
  const key = await requireApiKey(request, "ingest");
  return { projectId: key.projectId, actor: `key:${key.keyId}` };
}
