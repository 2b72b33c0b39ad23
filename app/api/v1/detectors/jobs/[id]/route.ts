import { z } from "zod";
import { ApiError, withErrors } from "@/lib/api/errors";
import { getThresholdJob } from "@/lib/alerts/thresholdJobs";
import { requireReader } from "@/lib/auth/requireReader";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

const paramsSchema = z.object({ id: z.string().uuid("not a job id") });

/** GET /api/v1/detectors/jobs/{id}: status and progress (processed ÷ total). */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireReader(request);
  const { id } = paramsSchema.parse(await context.params);
  const job = await getThresholdJob(db(), projectId, id);
  if (!job) throw new ApiError(404, "not_found", `job ${id} not found`);
  return Response.json(job);
});
