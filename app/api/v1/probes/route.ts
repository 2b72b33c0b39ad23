import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";
import { createProbeSetSchema } from "@/lib/probes/probeSchemas";
import { createProbeSet, listProbeSets } from "@/lib/probes/probeSets";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/probes: the project's probe sets, newest first. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  return Response.json({ data: await listProbeSets(db(), projectId) });
});

/** POST /api/v1/probes: a probe set (README, "Drift probes"); 201 with it. */
export const POST = withErrors(async (request: Request) => {
  const { projectId } = await requireAlertWriter(request);
  const body = await jsonBody(request, createProbeSetSchema);
  return Response.json(await createProbeSet(db(), projectId, body), { status: 201 });
});
