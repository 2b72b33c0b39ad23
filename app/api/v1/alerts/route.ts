import { ApiError, withErrors } from "@/lib/api/errors";
import { searchParamsObject } from "@/lib/api/schemas";
import { jsonBody } from "@/lib/api/sessionRoute";
import { bulkAlertStatusBodySchema, listAlertsQuerySchema } from "@/lib/alerts/alertSchemas";
import { listAlerts } from "@/lib/alerts/listAlerts";
import { updateAlertStatus } from "@/lib/alerts/updateAlertStatus";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/alerts?status=&detector=&model=&from=&to=&responseId=&cursor=&limit=: newest first. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  const query = listAlertsQuerySchema.parse(searchParamsObject(request.url));
  return Response.json(await listAlerts(db(), projectId, query));
});

/** PATCH /api/v1/alerts `{ids: [...], status}`: 404 naming the ids that are not this project's; none changed then. */
export const PATCH = withErrors(async (request: Request) => {
  const { projectId, actor } = await requireAlertWriter(request);
  const body = await jsonBody(request, bulkAlertStatusBodySchema);
  const dataLayer = db();
  const ids = [...new Set(body.ids)];
  const known = await dataLayer.selectFrom("alerts").select("id").where("project_id", "=", projectId).where("id", "in", ids).execute();
  const knownIds = new Set(known.map((row) => Number(row.id)));
  const missing = ids.filter((id) => !knownIds.has(id));
  if (missing.length > 0) throw new ApiError(404, "not_found", `alerts not found: ${missing.slice(0, 20).join(", ")}`, { missing });
  const result = await updateAlertStatus(dataLayer, projectId, ids, body.status, actor);
  return Response.json({ status: body.status, ids: result.found, updated: result.updated });
});
