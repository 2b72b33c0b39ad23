import { z } from "zod";
import { createProject } from "@/lib/accounts/projects";
import { ApiError } from "@/lib/api/errors";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { accessibleProjects } from "@/lib/auth/access";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/projects: the signed-in user's projects with their role. */
export const GET = sessionRoute(async (_request, { db, user }) => Response.json({ data: await accessibleProjects(db, user) }));

/** POST /api/v1/projects {name}: instance admins create projects (and become their admin). */
export const POST = sessionRoute(async (request, { db, user, actor }) => {
  if (!user.isAdmin) throw new ApiError(403, "forbidden", "only instance admins create projects");
  const { name } = await jsonBody(request, z.object({ name: z.string().trim().min(1).max(100) }));
  return Response.json(await createProject(db, name, actor), { status: 201 });
});
