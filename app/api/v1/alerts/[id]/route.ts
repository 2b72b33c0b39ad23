import { ApiError, withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { alertIdParamsSchema, alertStatusBodySchema } from "@/lib/alerts/alertSchemas";
import { getAlert } from "@/lib/alerts/listAlerts";
import { updateAlertStatus } from "@/lib/alerts/updateAlertStatus";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/alerts/{id}: one alert with its evidence. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id } = alertIdParamsSchema.parse(await context.params);
  const alert = await getAlert(db(), projectId, id);
  if (!alert) throw new ApiError(404, "not_found", `alert ${id} not found`);
  return Response.json(alert);
});

/**
 * PATCH /api/v1/alerts/{id} `{status}`: open, acknowledged or resolved; answers the alert, or
 * only `{id, status}` to a key without the `read` scope (the alert's evidence is read data).
 */
export const PATCH = withErrors(async (request: Request, context: Context) => {
  const { projectId, actor, canRead } = await requireAlertWriter(request);
  const { id } = alertIdParamsSchema.parse(await context.params);
  const { status } = await jsonBody(request, alertStatusBodySchema);
  const dataLayer = db();
  const { found } = await updateAlertStatus(dataLayer, projectId, [id], status, actor);
  if (found.length === 0) throw new ApiError(404, "not_found", `alert ${id} not found`);
  return Response.json(canRead ? await getAlert(dataLayer, projectId, id) : { id, status });
});
