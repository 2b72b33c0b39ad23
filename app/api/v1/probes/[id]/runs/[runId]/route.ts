import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { getProbeRun, probeRunWritten, setBaselineRun } from "@/lib/probes/probeRuns";
import { probeRunParamsSchema, updateProbeRunSchema } from "@/lib/probes/probeSchemas";
import { findProbeSetRow } from "@/lib/probes/probeSets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string; runId: string }> };

/** GET /api/v1/probes/{id}/runs/{runId}: the run, the positions that moved most, its outputs. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id, runId } = probeRunParamsSchema.parse(await context.params);
  const dataLayer = db();
  return Response.json(await getProbeRun(dataLayer, await findProbeSetRow(dataLayer, projectId, id), runId));
});

/**
 * PATCH /api/v1/probes/{id}/runs/{runId} `{baseline: true}`: makes it the baseline; the other runs
 * are compared with it again. Answers the run; a key without the `read` scope only what it changed.
 */
export const PATCH = withErrors(async (request: Request, context: Context) => {
  const { projectId, canRead } = await requireAlertWriter(request);
  const { id, runId } = probeRunParamsSchema.parse(await context.params);
  await jsonBody(request, updateProbeRunSchema);
  const dataLayer = db();
  const run = await setBaselineRun(dataLayer, await findProbeSetRow(dataLayer, projectId, id), runId);
  return Response.json(canRead ? run : probeRunWritten(run));
});
