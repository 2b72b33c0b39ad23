import { ApiError, withErrors } from "@/lib/api/errors";
import { readOptionalJson } from "@/lib/api/readOptionalJson";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { getProbeRun, listProbeRuns, probeRunWritten } from "@/lib/probes/probeRuns";
import { probeSetParamsSchema, runProbeSetSchema } from "@/lib/probes/probeSchemas";
import { findProbeSetRow } from "@/lib/probes/probeSets";
import { runProbeSet } from "@/lib/probes/runProbeSet";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";
// A probe run calls the model for every prompt and repeat.
export const maxDuration = 300;

type Context = { params: Promise<{ id: string }> };

/** GET /api/v1/probes/{id}/runs: every run, newest first, with mean KL, baseline, alert and drift label. */
export const GET = withErrors(async (request: Request, context: Context) => {
  const { projectId } = await requireReader(request);
  const { id } = probeSetParamsSchema.parse(await context.params);
  const dataLayer = db();
  const set = await findProbeSetRow(dataLayer, projectId, id);
  return Response.json({ data: await listProbeRuns(dataLayer, set) });
});

/**
 * POST /api/v1/probes/{id}/runs `{model?}`: runs the set now (against `model` when given);
 * 201 with the run (to a key without the `read` scope, only what it started: probeRunWritten).
 * A provider failure is stored as a failed run and answered 502 naming it.
 */
export const POST = withErrors(async (request: Request, context: Context) => {
  const { projectId, canRead } = await requireAlertWriter(request);
  const { id } = probeSetParamsSchema.parse(await context.params);
  const body = runProbeSetSchema.parse(await readOptionalJson(request));
  const dataLayer = db();
  const set = await findProbeSetRow(dataLayer, projectId, id);
  const outcome = await runProbeSet(dataLayer, set, { model: body.model });
  if (outcome.status === "failed") throw new ApiError(502, "provider_error", outcome.error ?? "the provider failed", { runId: outcome.runId });
  const run = await getProbeRun(dataLayer, set, outcome.runId);
  return Response.json(canRead ? run : probeRunWritten(run), { status: 201 });
});
