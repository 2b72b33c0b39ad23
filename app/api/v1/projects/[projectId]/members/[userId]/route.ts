import { z } from "zod";
import { removeMember, setMemberRole } from "@/lib/accounts/members";
import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole, ROLES } from "@/lib/auth/access";

export const runtime = "nodejs";

type Params = { projectId: string; userId: string };

/** PATCH /api/v1/projects/{projectId}/members/{userId} {role}: changes a member's role. Project admins. */
export const PATCH = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  const { role } = await jsonBody(request, z.object({ role: z.enum(ROLES) }));
  await setMemberRole(db, params.projectId, params.userId, role, actor);
  return Response.json({ ok: true });
});

/** DELETE /api/v1/projects/{projectId}/members/{userId}: removes a member. Project admins. */
export const DELETE = sessionRoute<Params>(async (_request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  await removeMember(db, params.projectId, params.userId, actor);
  return Response.json({ ok: true });
});
