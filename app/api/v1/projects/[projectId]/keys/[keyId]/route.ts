import { revokeApiKey } from "@/lib/accounts/apiKeyAdmin";
import { sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";

export const runtime = "nodejs";

/** DELETE /api/v1/projects/{projectId}/keys/{keyId}: revokes a key. Project admins. */
export const DELETE = sessionRoute<{ projectId: string; keyId: string }>(async (_request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  await revokeApiKey(db, params.projectId, params.keyId, actor);
  return Response.json({ ok: true });
});
