import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { probeSetParamsSchema, updateProbeSetSchema } from "@/lib/probes/probeSchemas";
import { deleteProbeSet, findProbeSetRow, probeSetDto, updateProbeSet } from "@/lib/probes/probeSets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/probes/{id}. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id } = probeSetParamsSchema.parse(await context.params);
  return Response.json(probeSetDto(await findProbeSetRow(db(), projectId, id)));
});

/** PATCH /api/v1/probes/{id}: any create field; changing what is asked clears the baseline. */
export const PATCH = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireAlertWriter(request);
  const { id } = probeSetParamsSchema.parse(await context.params);
  const body = await jsonBody(request, updateProbeSetSchema);
  return Response.json(await updateProbeSet(db(), projectId, id, body));
});

/** DELETE /api/v1/probes/{id}: the set, its runs and their tokens; 204. */
export const DELETE = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireAlertWriter(request);
  const { id } = probeSetParamsSchema.parse(await context.params);
  await deleteProbeSet(db(), projectId, id);
  return new Response(null, { status: 204 });
});
