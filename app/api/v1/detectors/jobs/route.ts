import { withErrors } from "@/lib/api/errors";
import { jsonBody } from "@/lib/api/sessionRoute";
import { createThresholdJob, listThresholdJobs, reapplyBodySchema } from "@/lib/alerts/thresholdJobs";
import { requireAlertWriter } from "@/lib/auth/requireAlertWriter";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET /api/v1/detectors/jobs: the project's latest re-apply jobs. */
export const GET = withErrors(async (request: Request) => {
  const { projectId } = await requireReader(request);
  return Response.json({ data: await listThresholdJobs(db(), projectId) });
});

/**
 * POST /api/v1/detectors/jobs `{days}`: 202 with the queued job; poll GET /api/v1/detectors/jobs/{id}.
 * A key without the `read` scope is not told how many responses the window holds.
 */
export const POST = withErrors(async (request: Request) => {
  const { projectId, actor, canRead } = await requireAlertWriter(request);
  const { days } = await jsonBody(request, reapplyBodySchema);
  const job = await createThresholdJob(db(), projectId, days, actor);
  const answer = canRead ? job : { id: job.id, status: job.status, days: job.days, createdBy: job.createdBy, createdAt: job.createdAt };
  // The project named, so a signed-in client in another project than its default can follow it.
  return Response.json(answer, { status: 202, headers: { location: `/api/v1/detectors/jobs/${job.id}?project=${encodeURIComponent(projectId)}` } });
});
