import { withErrors } from "@/lib/api/errors";
import { taskParamsSchema, thresholdsQuerySchema } from "@/lib/api/classificationSchemas";
import { searchParamsObject } from "@/lib/api/schemas";
import { requireReader } from "@/lib/auth/requireReader";
import { requireTask } from "@/lib/classification/requireTask";
import { thresholdReport } from "@/lib/classification/thresholdReport";
import { db } from "@/lib/db/database";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

/** GET …/{id}/thresholds?targetPrecision=0.9&from=&to=: PR/ROC points, the operating point and routed share, per label too. */
export const GET = withErrors(async (request: Request, context: { params: Promise<{ id: string }> }) => {
  const { projectId } = await requireReader(request);
  const { id } = taskParamsSchema.parse(await context.params);
  const { targetPrecision, from, to } = thresholdsQuerySchema.parse(searchParamsObject(request.url));
  const task = await requireTask(db(), projectId, id);
  return Response.json(await thresholdReport(db(), task, targetPrecision, { from, to }));
});
