import { ApiError } from "@/lib/api/errors";
import { accessibleProjects, defaultProjectFor, requireProjectRole } from "@/lib/auth/access";
import type { SessionUser } from "@/lib/auth/sessions";
import type { DataLayer } from "@/lib/db/database";

/**
 * The project a playground request acts for (`?project=`, default: the user's dashboard
 * project). Running a provider spends its quota and saving writes responses, so it needs the
 * `member` role, like ingesting.
 */
export async function playgroundProject(db: DataLayer, user: SessionUser, request: Request): Promise<string> {
  const requested = new URL(request.url).searchParams.get("project") || null; // `?project=` (empty) is no project asked for
  const projectId = requested ?? defaultProjectFor(await accessibleProjects(db, user));
  if (!projectId) throw new ApiError(404, "not_found", "no project");
  await requireProjectRole(db, user, projectId, "member");
  return projectId;
}
