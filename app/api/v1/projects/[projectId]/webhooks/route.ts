import { jsonBody, sessionRoute } from "@/lib/api/sessionRoute";
import { requireProjectRole } from "@/lib/auth/access";
import { createWebhook, createWebhookBodySchema, listDeliveries, listWebhooks } from "@/lib/webhooks/webhookStore";

export const runtime = "nodejs";

type Params = { projectId: string };

/** GET /api/v1/projects/{projectId}/webhooks: the webhooks with delivery counts and the latest 50 deliveries. Members. */
export const GET = sessionRoute<Params>(async (_request, { db, user, params }) => {
  await requireProjectRole(db, user, params.projectId, "member");
  return Response.json({ data: await listWebhooks(db, params.projectId), deliveries: await listDeliveries(db, params.projectId) });
});

/** POST /api/v1/projects/{projectId}/webhooks `{url}`: 201 with the webhook and its signing secret (shown once). Project admins. */
export const POST = sessionRoute<Params>(async (request, { db, user, params, actor }) => {
  await requireProjectRole(db, user, params.projectId, "admin");
  const { url } = await jsonBody(request, createWebhookBodySchema);
  return Response.json(await createWebhook(db, params.projectId, url, actor), { status: 201 });
});
