import { ApiError, withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { alertIdParamsSchema as idParamsSchema } from "@/lib/alerts/alertSchemas";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { getVerdict, recordVerdict, verdictBodySchema } from "@/lib/triage/verdicts";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/responses/{id}/verdict: the verdict, or 404 while there is none. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id } = idParamsSchema.parse(await context.params);
  const verdict = await getVerdict(db(), projectId, id);
  if (!verdict) throw new ApiError(404, "not_found", `response ${id} has no verdict`);
  return Response.json(verdict);
});

/**
 * POST /api/v1/responses/{id}/verdict `{verdict: confirmed|false_positive|unsure, note?}`: stores
 * it with who and when (the latest wins). The response's hallucination score is read data: a key
 * without the `read` scope gets the verdict without it.
 */
export const POST = withErrors(async (request: Request, context: Context) => {
  const { projectId, actor, canRead } = await requireAlertWriter(request);
  const { id } = idParamsSchema.parse(await context.params);
  const body = await jsonBody(request, verdictBodySchema);
  const verdict = await recordVerdict(db(), projectId, id, body, actor);
  if (!verdict) throw new ApiError(404, "not_found", `response ${id} not found`);
  if (canRead) return Response.json(verdict);
  const { hallucinationScore: _readData, ...written } = verdict;
  return Response.json(written);
});
