import { sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";
import { deleteWebhook } from "@/lib/webhooks/webhookStore";

export const runtime = "nodejs";

type Params = { projectId: string; webhookId: string };

/** DELETE /api/v1/projects/{projectId}/webhooks/{webhookId}: removes it and its queue. Project admins. */
export const DELETE = sessionRoute<Params>(async (_request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  await deleteWebhook(db, params.projectId, params.webhookId, actor);
  return Response.json({ ok: true });
});
