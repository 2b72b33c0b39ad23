import { revokeInvitation } from "@/lib/accounts/members";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";

export const runtime = "nodejs";

type Params = { projectId: string; invitationId: string };

/** DELETE /api/v1/projects/{projectId}/invitations/{invitationId}: revokes an open invitation (404 when none). Project admins. */
export const DELETE = sessionRoute<Params>(async (_request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  await revokeInvitation(db, params.projectId, params.invitationId, actor);
  return Response.json({ ok: true });
});
