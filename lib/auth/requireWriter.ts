import { db } from "@/lib/db/database";
import { accessibleProjects, defaultProjectFor, requireProjectRole, sessionFromRequest } from "./access";
import { ApiError } from "@/lib/api/errors";
import { assertSameOrigin } from "./csrf";
import { requireApiKey } from "./requireKey";
import type { SessionUser } from "./sessions";

/**
 * Authorizes a write of project data other than ingest itself (classification tasks, ground
 * truth): a Bearer key with the `ingest` scope (its own project), or a signed-in member (role
 * member or admin) of the `project` query parameter's project (default: their project with
 * data), through the CSRF checks of cookie mutations. `canRead`: whether the caller may also read
 * the project's data (a member, or a key that also has the `read` scope), so a write's answer
 * shows an ingest-only key no more than it sent.
 */
export async function requireWriter(request: Request): Promise<{ projectId: string; user: SessionUser | null; keyId: string | null; canRead: boolean }> {
  const dataLayer = db();
  if (!request.headers.get("authorization")) {
    const user = await sessionFromRequest(dataLayer, request);
    if (user) {
      assertSameOrigin(request);
      const requested = new URL(request.url).searchParams.get("project") || null; // `?project=` (empty) is no project asked for
      const projectId = requested ?? defaultProjectFor(await accessibleProjects(dataLayer, user));
      if (!projectId) throw new ApiError(404, "not_found", "no project");
      await requireProjectRole(dataLayer, user, projectId, "member");
      return { projectId, user, keyId: null, canRead: true };
    }
  }
  const key = await requireApiKey(request, "ingest");
  return { projectId: key.projectId, user: null, keyId: key.keyId, canRead: key.scopes.includes("read") };
}
